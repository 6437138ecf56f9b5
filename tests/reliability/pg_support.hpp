#pragma once

// What the PostgreSQL reliability tests (pg_instances_test.cpp, pg_failover_test.cpp) share: the
// day their sets are logged on, the servers' clock, a set's body and the check that a server
// really used PostgreSQL.

#include <string>

#include "pg_cluster.hpp"
#include "reliability_support.hpp"

namespace msfit::reliability {

// Every set is dated here: before the servers' clock (--clock-start), so none is refused.
inline constexpr const char* kPgSetDate = "2027-02-20";
inline constexpr const char* kPgClockStart = "2027-03-01";

// POST /api/v1/sets with this client id, on kPgSetDate.
inline std::string pg_set_body(const std::string& client_id) {
  return Json{{"client_id", client_id},
              {"exercise", "leg_press_machine"},
              {"reps", 10},
              {"load_kg", 40},
              {"date", kPgSetDate}}
      .dump();
}

// The tables msfit made in the database `msfit`: none means the server did not use PostgreSQL
// at all (an msfit without PostgreSQL support would take the URL for a file name).
inline std::string user_tables(const testing::PgCluster& pg) {
  return pg.psql(
      "select count(*) from information_schema.tables "
      "where table_schema not in ('pg_catalog', 'information_schema')",
      "msfit");
}

}  // namespace msfit::reliability
