import { DeleteObjectCommand, GetObjectCommand, paginateListObjectsV2, type PutObjectCommandInput, S3Client } from "@aws-sdk/client-s3";
import { fromCognitoIdentityPool, type FromCognitoIdentityPoolParameters } from "@aws-sdk/credential-providers";
import { Upload } from "@aws-sdk/lib-storage";
import type { AwsCredentialIdentityProvider } from "@aws-sdk/types";

/**
 * What a browser or mobile app uses to keep photos in its user's own folder, talking to S3 directly
 * with identity pool credentials. The bucket lets each user reach only their own folder,
 * `<prefix><identityId>/`, and this client never builds a key outside it.
 */

/** One key segment: an identity id (`<region>:<guid>`) or a user pool sub; never a `/` or a `.`. */
const OWNER = /^[A-Za-z0-9_:-]{1,128}$/;

/** Same rule as the photos API: 1-200 letters, digits, `.`, `_` or `-`, not starting with `.`. */
export const PHOTO_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

export interface PhotoClientOptions {
    region: string;
    bucket: string;
    /**
     * The owner of `<prefix><identityId>/`: the user's identity pool identity id, or their user pool
     * `sub` when the bucket keys prefixes by a principal tag mapped from it.
     */
    identityId: string;
    /** Folder of all users; default `private/`. */
    prefix?: string;
    /** Used to build credentials when `credentials` and `s3` are not given. */
    identityPoolId?: string;
    userPoolId?: string;
    /** The user pool ID token of the signed-in user. */
    idToken?: string;
    /** Use this S3 client as is (endpoint, credentials and retries included). */
    s3?: S3Client;
    credentials?: AwsCredentialIdentityProvider;
    endpoint?: string;
    forcePathStyle?: boolean;
}

export type UploadProgress = { loaded?: number; total?: number; part?: number };
export type UploadBody = NonNullable<PutObjectCommandInput["Body"]>;

export interface PhotoClient {
    /** Uploads in one request, or in 5 MiB parts four at a time when the body is larger. */
    upload(name: string, body: UploadBody, contentType?: string, onProgress?: (progress: UploadProgress) => void): Promise<void>;
    /** Names of all the user's photos. */
    list(): Promise<string[]>;
    download(name: string): Promise<Uint8Array>;
    remove(name: string): Promise<void>;
}

/** The parameters of `fromCognitoIdentityPool` for a user signed in to the user pool. */
export function identityPoolCredentialsOptions(
    options: Pick<PhotoClientOptions, "region" | "identityPoolId" | "userPoolId" | "idToken">,
): FromCognitoIdentityPoolParameters {
    const { region, identityPoolId, userPoolId, idToken } = options;
    if (!identityPoolId || !userPoolId || !idToken) {
        throw new Error("createPhotoClient needs identityPoolId, userPoolId and idToken (or credentials, or an s3 client)");
    }
    return {
        identityPoolId,
        logins: { [`cognito-idp.${region}.amazonaws.com/${userPoolId}`]: idToken },
        clientConfig: { region },
    };
}

export function createPhotoClient(options: PhotoClientOptions): PhotoClient {
    const { bucket, identityId, prefix = "private/" } = options;
    if (!OWNER.test(identityId)) throw new Error(`invalid identityId ${JSON.stringify(identityId)}: expected an identity id or a sub`);
    const s3 = options.s3 ?? new S3Client({
        region: options.region,
        endpoint: options.endpoint,
        forcePathStyle: options.forcePathStyle,
        maxAttempts: 3,
        credentials: options.credentials ?? fromCognitoIdentityPool(identityPoolCredentialsOptions(options)),
    });
    const folder = `${prefix}${identityId}/`;
    const keyOf = (name: string): string => {
        if (typeof name !== "string" || !PHOTO_NAME.test(name)) {
            throw new Error(`invalid photo name ${JSON.stringify(name)}: use 1-200 letters, digits, ".", "_" or "-", not starting with "."`);
        }
        return folder + name;
    };

    return {
        async upload(name, body, contentType, onProgress) {
            const upload = new Upload({
                client: s3,
                params: { Bucket: bucket, Key: keyOf(name), Body: body, ContentType: contentType },
                partSize: 5 * 1024 * 1024,
                queueSize: 4,
                leavePartsOnError: false,
            });
            if (onProgress) upload.on("httpUploadProgress", ({ loaded, total, part }) => onProgress({ loaded, total, part }));
            await upload.done();
        },
        async list() {
            const names: string[] = [];
            // Direct children only, as the photos API lists: a deeper key is not a name this client accepts.
            for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: folder, Delimiter: "/" })) {
                for (const { Key } of page.Contents ?? []) if (Key) names.push(Key.slice(folder.length));
            }
            return names;
        },
        async download(name) {
            const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(name) }));
            if (!object.Body) throw new Error(`empty response for ${name}`);
            return object.Body.transformToByteArray();
        },
        async remove(name) {
            await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(name) }));
        },
    };
}
