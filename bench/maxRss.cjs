// Preloaded into a benchmarked CLI process (node --require): at exit, writes the process's own peak resident set
// size (process.resourceUsage().maxRSS, in KiB) and the CPU time it used (user + system, microseconds), as JSON, to
// the file named by WATERCLOUD_BENCH_RSS_FILE.
"use strict";
const file = process.env.WATERCLOUD_BENCH_RSS_FILE;
if (file) {
    process.on("exit", () => {
        const u = process.resourceUsage();
        require("fs").writeFileSync(
            file,
            JSON.stringify({ maxRSS: u.maxRSS, cpuMicros: u.userCPUTime + u.systemCPUTime }),
        );
    });
}
