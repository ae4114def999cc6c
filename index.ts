// The entry point of the component package (package.json `main`; see plugin/host.ts). Pulumi's
// Node.js language host requires this folder when a Python, Go, .NET, Java or YAML program uses the
// components, and this starts the component provider host. TypeScript and JavaScript programs do not
// load it: they import `pulumi-user-backend`, which package.json `exports` maps to dist/components.
import { serve } from "./plugin/host";

void serve();
