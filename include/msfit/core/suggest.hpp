#pragma once

// "Did you mean ...?" for names people type: commands, options, exercise and measure ids.
// Pure and deterministic.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace msfit::core {

// Edit distance between two texts (insertions, deletions, substitutions and swaps of two
// neighbouring characters each count one), compared without regard to ASCII case.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `limit` candidates closest to `typed`: those containing it or contained in it first
// (shortest first), then those within a small edit distance (one edit in four characters),
// nearest first. Candidates keep their spelling; ties keep the order given.
[[nodiscard]] std::vector<std::string> nearest(std::string_view typed,
                                               const std::vector<std::string_view>& candidates,
                                               std::size_t limit = 3);

// "'x'" for one, "'x' or 'y'" for two, "'x', 'y' or 'z'" for three: for messages.
[[nodiscard]] std::string quoted_choices(const std::vector<std::string>& items);

}  // namespace msfit::core
