#pragma once

// The msfit command line: one entry point, one set-up function per subcommand.

namespace msfit::cli {

// Exit codes: 0 success, 1 internal failure, 2 bad input or usage (message on stderr).
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitInvalid = 2;

[[nodiscard]] int run(int argc, char** argv);

}  // namespace msfit::cli
