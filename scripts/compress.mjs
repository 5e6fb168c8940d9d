// compress.mjs — writes FILE.br (brotli, quality 11) and FILE.gz (gzip, level 9)
// beside each FILE given, for the server to send by content negotiation.
// Node's own zlib: nothing to install. Used by scripts/build-site.sh.
import { readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file);
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  const gz = gzipSync(raw, { level: 9 });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gz);
  console.log(`${file}: ${raw.length} bytes, br ${br.length}, gz ${gz.length}`);
}
