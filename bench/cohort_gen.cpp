// Writes N generated profiles as NDJSON to stdout, for the batch benchmark:
//   cohort_gen 2000 > cohort.ndjson

#include <cstdio>
#include <cstdlib>

#include "msfit/json/profile_json.hpp"

#include "profile_generator.hpp"
#include "reference.hpp"

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 1000;
  msfit::testing::ProfileGenerator generator(msfit::testing::reference_data(), 7);
  for (int i = 0; i < count; ++i) {
    const std::string line = msfit::json::profile_to_json(generator.next());
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
  }
  return 0;
}
