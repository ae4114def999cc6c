// The files a managed login branding names (a settings document, images), read when the program
// runs. Validation reads them first, so a missing or malformed file fails before anything is
// created; the branding child reads them again to build its inputs.
import * as fs from "fs";
import * as path from "path";
import type { ClientBranding } from "./sign-in-args";

/** What a branding's files hold, or nothing where a file could not be read (the report names it). */
export interface BrandingFiles {
    readonly settings?: Record<string, any>;
    /** Base64 bytes of each asset, in the order of `assets` (undefined where the asset gives `bytes`). */
    readonly assetBytes: (string | undefined)[];
}

/** Reads the files of one branding; every problem goes to `report(field, rule, value)`. */
export function readBrandingFiles(branding: ClientBranding, report: (field: string, rule: string, value: unknown) => void): BrandingFiles {
    let settings: Record<string, any> | undefined;
    if (typeof branding.settingsFile === "string") {
        const file = path.resolve(branding.settingsFile);
        const text = readText(file, "settingsFile", branding.settingsFile, report);
        if (text !== undefined) {
            try {
                const parsed: unknown = JSON.parse(text);
                if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) report("settingsFile", `must hold a JSON object, the branding designer's settings document (${file})`, branding.settingsFile);
                else settings = parsed as Record<string, any>;
            } catch (e) {
                report("settingsFile", `must hold valid JSON (${file}: ${(e as Error).message})`, branding.settingsFile);
            }
        }
    } else if (branding.settingsFile !== undefined) {
        report("settingsFile", "must be a file path", branding.settingsFile);
    }
    const assetBytes = (Array.isArray(branding.assets) ? branding.assets : []).map((a, i) => {
        if (typeof a?.file !== "string") return undefined;
        const file = path.resolve(a.file);
        try {
            return fs.readFileSync(file).toString("base64");
        } catch (e) {
            report(`assets[${i}].file`, `must name a readable image file (${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); paths are relative to the working directory`, a.file);
            return undefined;
        }
    });
    return { settings, assetBytes };
}

function readText(file: string, field: string, value: string, report: (field: string, rule: string, value: unknown) => void): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        report(field, `must name a readable JSON file (${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); paths are relative to the working directory`, value);
        return undefined;
    }
}
