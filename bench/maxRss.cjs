// Preloaded into a benchmarked CLI process (node --require): at exit, writes the process's own peak resident set
// size (process.resourceUsage().maxRSS, in KiB) to the file named by WATERCLOUD_BENCH_RSS_FILE.
"use strict";
const file = process.env.WATERCLOUD_BENCH_RSS_FILE;
if (file) {
    process.on("exit", () => {
        require("fs").writeFileSync(file, String(process.resourceUsage().maxRSS));
    });
}
