#include "msfit/core/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>

#include <fmt/format.h>

namespace msfit::core {

namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance over three rows: the previous two and the current one.
  const std::size_t n = b.size();
  std::vector<std::size_t> two_back(n + 1);
  std::vector<std::size_t> prev(n + 1);
  std::vector<std::size_t> cur(n + 1);
  std::iota(prev.begin(), prev.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= n; ++j) {
      const bool same = lower(a[i - 1]) == lower(b[j - 1]);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        cur[j] = std::min(cur[j], two_back[j - 2] + 1);
      }
    }
    std::swap(two_back, prev);
    std::swap(prev, cur);
  }
  return prev[n];
}

std::vector<std::string> nearest(std::string_view typed,
                                 const std::vector<std::string_view>& candidates,
                                 std::size_t limit) {
  const std::string t = lowered(typed);
  if (t.empty() || limit == 0) {
    return {};
  }
  struct Scored {
    int group;  // 0: contains or is contained, 1: close by edit distance.
    std::size_t score;
    std::size_t order;
  };
  std::vector<std::pair<Scored, std::string_view>> found;
  // One edit in four characters: "tody" finds "today", "fatige" finds "fatigue" but not "date".
  const std::size_t allowed = std::max<std::size_t>(1, (t.size() + 1) / 4);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::string c = lowered(candidates[i]);
    if (c == t) {
      continue;
    }
    if (t.size() >= 3 && (c.find(t) != std::string::npos || t.find(c) != std::string::npos)) {
      found.push_back({{0, c.size(), i}, candidates[i]});
      continue;
    }
    const std::size_t d = edit_distance(t, c);
    if (d <= allowed) {
      found.push_back({{1, d, i}, candidates[i]});
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
    return std::tie(x.first.group, x.first.score, x.first.order) <
           std::tie(y.first.group, y.first.score, y.first.order);
  });
  std::vector<std::string> out;
  for (const auto& [score, name] : found) {
    if (std::find(out.begin(), out.end(), name) == out.end()) {
      out.emplace_back(name);
    }
    if (out.size() == limit) {
      break;
    }
  }
  return out;
}

std::string quoted_choices(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += i + 1 == items.size() ? " or " : ", ";
    }
    out += fmt::format("'{}'", items[i]);
  }
  return out;
}

}  // namespace msfit::core
