// Typed escape hatches: a component's `transform` changes a child's arguments before the child is
// created. The logical name stays outside the transform, so URNs never move; the rule set then judges
// whatever a transform produced.

/**
 * How a transform changes a child's arguments: an object whose fields replace the component's, or a
 * function that receives the arguments (and the child's logical name) and returns new ones, or
 * changes them in place and returns nothing.
 * @example { bucket: { tags: { team: "photos" } } }
 * @example { bucket: (args) => ({ ...args, objectLockEnabled: true }) }
 */
export type Transform<T> = Partial<T> | ((args: T, name: string) => T | void);

/** Applies a transform to a child's arguments. */
export function applyTransform<T extends object>(args: T, name: string, transform: Transform<T> | undefined): T {
    if (transform === undefined) return args;
    if (typeof transform === "function") {
        const copy = { ...args };
        return transform(copy, name) ?? copy;
    }
    return { ...args, ...transform };
}
