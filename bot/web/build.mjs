// Builds dist/widget.js: src/widget.js with socket.io-client and the minified CSS inlined,
// as one minified IIFE an agency includes with a single <script> tag.
// Usage: npm run build [-- --watch]

import { mkdir, readFile, stat } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, "dist", "widget.js");
const BUDGET_GZIP_BYTES = 40 * 1024;

/** `import styles from "./widget.css"` gives the stylesheet as a minified string. */
const cssAsText = {
  name: "css-as-text",
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async ({ path }) => {
      const { code } = await esbuild.transform(await readFile(path, "utf8"), {
        loader: "css",
        minify: true,
      });
      return { contents: code, loader: "text" };
    });
  },
};

const options = {
  entryPoints: [join(here, "src", "widget.js")],
  outfile,
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["es2020", "chrome90", "firefox90", "safari15"],
  minify: true,
  legalComments: "none",
  sourcemap: false,
  plugins: [cssAsText],
  logLevel: "warning",
};

await mkdir(dirname(outfile), { recursive: true });
if (process.argv.includes("--watch")) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log("watching src/ for changes");
} else {
  await esbuild.build(options);
  const bytes = (await stat(outfile)).size;
  const gzipped = gzipSync(await readFile(outfile), { level: 9 }).length;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `dist/widget.js: ${kb(bytes)}, ${kb(gzipped)} gzipped (budget ${kb(BUDGET_GZIP_BYTES)})`,
  );
  if (gzipped > BUDGET_GZIP_BYTES) {
    console.error("dist/widget.js is over its gzip size budget");
    process.exit(1);
  }
}
