// Account names: one canonical form, nothing that looks like something else.

#include "msfit/core/account.hpp"

#include <gtest/gtest.h>

namespace msfit::core {
namespace {

TEST(AccountName, IsTrimmedAndLowerCased) {
  EXPECT_EQ(normalize_account_name("  Alice.Smith_2 ").value(), "alice.smith_2");
  EXPECT_EQ(normalize_account_name("ab").value(), "ab");
  EXPECT_EQ(normalize_account_name(std::string(40, 'x')).value(), std::string(40, 'x'));
}

TEST(AccountName, RefusesLookAlikesControlsMarkupAndBadLengths) {
  for (const std::string& bad :
       {std::string(""), std::string("a"), std::string(41, 'x'), std::string("alice\u200b"),
        std::string("\u202eecila"), std::string("al\tice"), std::string("al\0ice", 6),
        std::string("<script>"), std::string("al ice"), std::string("\u0430lice"),
        std::string("caf\u00e9"), std::string(".alice"), std::string("-alice"),
        std::string("_alice"), std::string("alice@example.org")}) {
    const auto r = normalize_account_name(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().field, "name");
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
  }
}

TEST(AccountRole, SpellsEachRoleAsTheDatabaseAndTheApiDo) {
  const std::pair<AccountRole, std::string_view> cases[] = {{AccountRole::Person, "person"},
                                                            {AccountRole::Clinician, "clinician"},
                                                            {AccountRole::Researcher, "researcher"},
                                                            {AccountRole::Admin, "admin"}};
  for (const auto& [role, spelling] : cases) {
    EXPECT_EQ(to_string(role), spelling);
    EXPECT_EQ(parse_enum<AccountRole>(spelling), role);
  }
  EXPECT_FALSE(parse_enum<AccountRole>("Admin"));
  EXPECT_FALSE(parse_enum<AccountRole>(""));
}

}  // namespace
}  // namespace msfit::core
