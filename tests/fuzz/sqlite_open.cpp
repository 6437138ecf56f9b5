// Fuzz target: opening a damaged database file. The input is written as the database file
// (the seeds include a small real MSFit database, which the fuzzer damages by flipping,
// cutting and splicing bytes), then msfit::storage::open_sqlite_store() opens it and, when it
// opens, a few reads of every kind run over it. Each may fail with an error; none may crash,
// hang or leak.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "msfit/storage/store.hpp"

#include "fuzz_support.hpp"

namespace {

using namespace msfit;

void read_everything(storage::Store& store) {
  const core::Date from = *core::parse_iso_date("2000-01-01");
  const core::Date to = *core::parse_iso_date("2100-01-01");
  (void)store.find_account("fuzz-person");
  (void)store.credentials("fuzz-person");
  (void)store.auth_session("0123456789abcdef", "2026-12-09T12:00:00Z");
  (void)store.audit_log(std::nullopt, 50);
  auto accounts = store.list_accounts();
  std::vector<storage::AccountId> ids = {1, 2};
  if (accounts) {
    for (std::size_t i = 0; i < accounts->size() && i < 4; ++i) {
      ids.push_back((*accounts)[i].id);
    }
  }
  for (const auto id : ids) {
    storage::Store::Snapshot snapshot(store);
    (void)store.account_by_id(id);
    (void)store.latest_profile(id);
    (void)store.latest_plan(id);
    (void)store.latest_plan_summary(id);
    (void)store.history(id, from, to);
    (void)store.training_state(id, to);
    (void)store.logged_days(id, from, to);
    (void)store.recent_sets(id, "leg_press_machine", to, 3);
    (void)store.measures(id, "", from, to);
    (void)store.item_logs(id, from, to);
    (void)store.cognitive_blocks(id, from, to);
    (void)store.last_cognitive_blocks(id);
    (void)store.cognitive_ratings(id, from, to);
    (void)store.care_links(id);
    (void)store.memberships(id);
    (void)store.adjustments(id);
    (void)store.studies_of(id);
    (void)store.study_members(1);
  }
  // And one write: a damaged file must refuse it cleanly too.
  (void)store.ensure_account("fuzz-writer");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fuzz::scratch_dir() + "/damaged.db";
  std::error_code ec;
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path + suffix, ec);
  }
  fuzz::write_file(path, std::string_view(reinterpret_cast<const char*>(data), size));
  auto store = storage::open_sqlite_store(path);
  if (store) {
    read_everything(**store);
  } else if (store.error().message.empty()) {
    fuzz::fail("open_sqlite_store failed without a message", path);
  }
  return 0;
}
