import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";

/**
 * The photos API: lists and downloads the caller's own objects under `<prefix><owner>/`, where the
 * owner is the `sub` claim the Cognito authorizer verified. Runs on nodejs20.x with the SDK the
 * runtime provides, so it imports nothing else at run time.
 */

/** 1-200 letters, digits, `.`, `_` or `-`, not starting with `.`: never `..`, never a `/`. */
export const PHOTO_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

// Lambda caps a response at 6 MB and base64 grows the body by a third: 4 MiB becomes 5.6 MB.
export const MAX_DOWNLOAD_BYTES = 4 * 1024 * 1024;

const DEFAULT_LIMIT = 100;

export interface PhotosHandlerOptions {
    s3: S3Client;
    bucket: string;
    /** Prefix of every user's folder; default `private/`. */
    prefix?: string;
}

export type PhotosHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
    statusCode,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
});
const error = (statusCode: number, message: string) => json(statusCode, { error: message });

export function makeHandler({ s3, bucket, prefix = "private/" }: PhotosHandlerOptions): PhotosHandler {
    async function list(folder: string, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
        const { cursor, limit: rawLimit } = event.queryStringParameters ?? {};
        const limit = rawLimit === undefined ? DEFAULT_LIMIT : /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : NaN;
        if (!(limit >= 1 && limit <= 1000)) return error(400, "limit must be a whole number from 1 to 1000");

        try {
            const page = await s3.send(new ListObjectsV2Command({
                Bucket: bucket,
                Prefix: folder,
                Delimiter: "/", // only direct children: deeper keys are not names this API can serve
                MaxKeys: limit,
                ContinuationToken: cursor || undefined,
            }));
            const photos = (page.Contents ?? []).map((o) => ({
                name: o.Key!.slice(folder.length),
                size: o.Size ?? 0,
                lastModified: o.LastModified?.toISOString(),
            }));
            return json(200, page.NextContinuationToken ? { photos, cursor: page.NextContinuationToken } : { photos });
        } catch (err) {
            if (cursor && errorName(err) === "InvalidArgument") return error(400, "invalid cursor");
            throw err;
        }
    }

    async function download(folder: string, name: string | undefined): Promise<APIGatewayProxyResult> {
        if (name === undefined || !PHOTO_NAME.test(name)) return error(400, "invalid photo name");
        try {
            const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: folder + name }));
            if ((object.ContentLength ?? 0) > MAX_DOWNLOAD_BYTES) {
                // Not reading the body: drop the connection rather than download what we refuse to send.
                (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
                return tooLarge();
            }
            const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
            if (bytes.length > MAX_DOWNLOAD_BYTES) return tooLarge();
            return {
                statusCode: 200,
                headers: {
                    "content-type": object.ContentType ?? "application/octet-stream",
                    "x-content-type-options": "nosniff",
                },
                body: Buffer.from(bytes).toString("base64"),
                isBase64Encoded: true,
            };
        } catch (err) {
            if (errorName(err) === "NoSuchKey") return error(404, "photo not found");
            throw err;
        }
    }

    return async (event) => {
        // Only the verified token says who the caller is; the path, query and body never do.
        const owner = event.requestContext?.authorizer?.claims?.sub;
        if (typeof owner !== "string" || owner === "") return error(401, "unauthorized");
        const folder = `${prefix}${owner}/`;

        try {
            if (event.httpMethod === "GET" && event.resource === "/photos") return await list(folder, event);
            if (event.httpMethod === "GET" && event.resource === "/photos/{name}") {
                return await download(folder, event.pathParameters?.name);
            }
            return error(404, "not found");
        } catch (err) {
            console.error("photos: S3 request failed", err);
            return error(500, "internal error");
        }
    };
}

function tooLarge(): APIGatewayProxyResult {
    return error(413, `photo is larger than ${MAX_DOWNLOAD_BYTES} bytes; download it from S3 directly`);
}

function errorName(err: unknown): string | undefined {
    return err instanceof Error ? err.name : undefined;
}

let configured: PhotosHandler | undefined;

/** The Lambda entry point, configured from `BUCKET_NAME` and `PRIVATE_PREFIX`. */
export const handler: PhotosHandler = async (event) => {
    if (!configured) {
        const bucket = process.env.BUCKET_NAME;
        if (!bucket) throw new Error("BUCKET_NAME is not set");
        configured = makeHandler({ s3: new S3Client({}), bucket, prefix: process.env.PRIVATE_PREFIX || "private/" });
    }
    return configured(event);
};
