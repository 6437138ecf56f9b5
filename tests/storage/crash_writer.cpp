// crash_writer DB_PATH PREFIX COUNT BATCH: logs COUNT sets, BATCH per log_sets call, and after
// each call returns success prints the client ids of its batch, one a line, flushed. A printed
// line is an acknowledgement: crash_test.cpp kills this program with SIGKILL and then checks
// that every acknowledged set is in the database.

#include <charconv>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "msfit/storage/store.hpp"

namespace {

bool parse_positive(std::string_view text, long& out) {
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && out > 0;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "crash_writer: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using msfit::core::SetLog;
  using msfit::storage::Logged;

  long count = 0;
  long batch_size = 0;
  if (argc != 5 || !parse_positive(argv[3], count) || !parse_positive(argv[4], batch_size)) {
    return fail("usage: crash_writer DB_PATH PREFIX COUNT BATCH");
  }
  const std::string path = argv[1];
  const std::string prefix = argv[2];

  auto opened = msfit::storage::open_sqlite_store(path);
  if (!opened) {
    return fail(opened.error().message);
  }
  auto& store = **opened;
  auto account = store.ensure_account("crash");
  if (!account) {
    return fail(account.error().message);
  }

  const msfit::core::Date start{std::chrono::year{2026} / std::chrono::January / 1};
  std::vector<Logged<SetLog>> batch;
  batch.reserve(static_cast<std::size_t>(batch_size));
  std::string acknowledgement;
  for (long i = 0; i < count;) {
    batch.clear();
    for (; static_cast<long>(batch.size()) < batch_size && i < count; ++i) {
      SetLog set;
      set.date = start + std::chrono::days{i / 50};
      set.exercise = "leg_press_machine";
      set.set_number = 1;
      set.reps = 10;
      set.load_kg = 50;
      batch.push_back({prefix + "-" + std::to_string(i), set});
    }
    auto stored = store.log_sets(account->id, batch);
    if (!stored) {
      return fail(stored.error().message);
    }
    // Only now, with the write committed, acknowledge it.
    acknowledgement.clear();
    for (const auto& logged : batch) {
      acknowledgement += logged.client_id;
      acknowledgement += '\n';
    }
    if (std::fwrite(acknowledgement.data(), 1, acknowledgement.size(), stdout) !=
            acknowledgement.size() ||
        std::fflush(stdout) != 0) {
      return fail("cannot write to stdout");
    }
  }
  return 0;
}
