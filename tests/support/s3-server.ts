import { S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import * as fs from "fs";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";

/**
 * S3 test support: a local server for end-to-end tests, and aws-sdk-client-mock typed for this SDK.
 *
 * A local S3 (s3rver) for end-to-end tests: 127.0.0.1 on an ephemeral port, a fresh temporary
 * directory, one bucket already created. Start it in `before`, close it in `after`; an exit guard
 * removes the directory if a run dies before `after`.
 */
export interface LocalS3 {
    endpoint: string;
    bucket: string;
    /** A new client for this server; every client is destroyed by close(). */
    client(): S3Client;
    close(): Promise<void>;
}

// s3rver ships no types: only what we use.
interface S3rverServer {
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
}
const S3rver = require("s3rver") as new (options: Record<string, unknown>) => S3rverServer;

export const LOCAL_S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export async function startS3Server(bucket = "photos"): Promise<LocalS3> {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "s3rver-"));
    const removeDirectory = () => fs.rmSync(directory, { recursive: true, force: true });
    process.once("exit", removeDirectory);

    const server = new S3rver({
        address: "127.0.0.1",
        port: 0,
        directory,
        silent: true,
        configureBuckets: [{ name: bucket }],
    });
    let address: AddressInfo;
    try {
        address = await server.run();
    } catch (err) {
        process.removeListener("exit", removeDirectory);
        removeDirectory();
        throw err;
    }
    const endpoint = `http://127.0.0.1:${address.port}`;
    const clients: S3Client[] = [];
    let closed: Promise<void> | undefined;

    return {
        endpoint,
        bucket,
        client() {
            const client = new S3Client({
                region: "us-east-1",
                endpoint,
                forcePathStyle: true,
                credentials: LOCAL_S3_CREDENTIALS,
            });
            clients.push(client);
            return client;
        },
        close() {
            closed ??= (async () => {
                clients.forEach((c) => c.destroy()); // frees keep-alive sockets so the server can close
                try {
                    await server.close();
                } finally {
                    process.removeListener("exit", removeDirectory);
                    removeDirectory();
                }
            })();
            return closed;
        },
    };
}

// aws-sdk-client-mock's declarations resolve the hoisted @smithy/types 3 while the SDK's clients and
// commands use @smithy/types 4, so its own signatures reject them: this types the stub from the commands.
type CommandClass = abstract new (input: any) => {
    input: object;
    resolveMiddleware(...args: any[]): (...args: any[]) => Promise<{ output: object }>;
};
type InputOf<C extends CommandClass> = InstanceType<C>["input"];
type OutputOf<C extends CommandClass> = Awaited<ReturnType<ReturnType<InstanceType<C>["resolveMiddleware"]>>>["output"];

export interface AwsClientStub {
    on<C extends CommandClass>(command: C, input?: Partial<InputOf<C>>): {
        resolves(output: Partial<OutputOf<C>>): unknown;
        rejects(error: Error | string): unknown;
    };
    commandCalls<C extends CommandClass>(command: C): Array<{ args: [{ input: InputOf<C> }] }>;
    calls(): unknown[];
    reset(): void;
    resetHistory(): void;
    restore(): void;
}

/** `mockClient` of aws-sdk-client-mock, for a client instance or class. */
export function mockAwsClient(client: object): AwsClientStub {
    return mockClient(client as never) as unknown as AwsClientStub;
}
