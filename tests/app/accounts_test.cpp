// Accounts and sign-in over the in-memory store: sign-up rules, right and wrong passwords,
// the throttle, sessions and their CSRF tokens, password change and account deletion.

#include "msfit/app/accounts.hpp"

#include <gtest/gtest.h>

#include "msfit/storage/memory_store.hpp"

#include "test_store.hpp"

namespace msfit::app {
namespace {

using Outcome = PasswordCheck::Outcome;

constexpr const char* kPassword = "correct horse battery";
constexpr const char* kAddress = "192.0.2.1";

class AccountsTest : public ::testing::Test {
 protected:
  AccountsTest()
      : store_(testing::open_test_store()),
        guard_(SignInGuard::Limits{2, std::chrono::seconds{60}, 100, std::chrono::seconds{900},
                                   std::chrono::minutes{60}}),
        accounts_(*store_, *store_, guard_) {}

  SignIn sign_in(const char* name, const char* password) {
    auto in = accounts_.sign_in(name, password, kAddress);
    EXPECT_TRUE(in) << in.error().message;
    return in.value_or(SignIn{});
  }

  std::unique_ptr<storage::Store> store_;
  SignInGuard guard_;
  Accounts accounts_;
};

TEST_F(AccountsTest, SignsUpWithACanonicalNameAndSignsInWithTheRightPassword) {
  auto made = accounts_.sign_up("  Alice ", kPassword, core::AccountRole::Clinician);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->name, "alice");
  EXPECT_EQ(made->role, core::AccountRole::Clinician);

  const SignIn in = sign_in("ALICE", kPassword);
  ASSERT_TRUE(in.check.right());
  EXPECT_EQ(in.account.id, made->id);
  EXPECT_FALSE(in.token.empty());
  EXPECT_FALSE(in.expires_at.empty());

  auto session = accounts_.authenticate(in.token);
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ(session->account.id, made->id);
  EXPECT_TRUE(Accounts::csrf_matches(*session, in.csrf_token));
  EXPECT_FALSE(Accounts::csrf_matches(*session, in.token));
  EXPECT_EQ(accounts_.authenticate("not-a-token").error().code, ErrorCode::NotFound);
}

TEST_F(AccountsTest, SignUpRefusesAdministratorsShortPasswordsAndTakenNames) {
  EXPECT_EQ(accounts_.sign_up("eve", kPassword, core::AccountRole::Admin).error().field, "role");
  EXPECT_EQ(accounts_.sign_up("eve", "short", core::AccountRole::Person).error().field, "password");
  EXPECT_EQ(accounts_.sign_up("e\u200Bve", kPassword, core::AccountRole::Person).error().field,
            "name");
  ASSERT_TRUE(accounts_.sign_up("eve", kPassword, core::AccountRole::Person));
  EXPECT_EQ(accounts_.sign_up("Eve", kPassword, core::AccountRole::Person).error().code,
            ErrorCode::Conflict);
  // The operator may make an administrator.
  auto admin = accounts_.create("root", kPassword, core::AccountRole::Admin);
  ASSERT_TRUE(admin) << admin.error().message;
  EXPECT_EQ(admin->role, core::AccountRole::Admin);
}

TEST_F(AccountsTest, AWrongPasswordAndAnUnknownNameGetTheSameAnswer) {
  ASSERT_TRUE(accounts_.sign_up("bob", kPassword, core::AccountRole::Person));
  const SignIn wrong = sign_in("bob", "not the password");
  EXPECT_EQ(wrong.check.outcome, Outcome::Wrong);
  EXPECT_TRUE(wrong.token.empty());
  const SignIn unknown = sign_in("nobody", kPassword);
  EXPECT_EQ(unknown.check.outcome, Outcome::Wrong);
  EXPECT_TRUE(unknown.token.empty());
}

TEST_F(AccountsTest, HoldsBackANameAfterItsFreeFailuresEvenWithTheRightPassword) {
  ASSERT_TRUE(accounts_.sign_up("carol", kPassword, core::AccountRole::Person));
  EXPECT_EQ(sign_in("carol", "wrong password 1").check.outcome, Outcome::Wrong);
  EXPECT_EQ(sign_in("carol", "wrong password 2").check.outcome, Outcome::Wrong);
  const SignIn held = sign_in("carol", kPassword);
  EXPECT_EQ(held.check.outcome, Outcome::HeldBack);
  EXPECT_GT(held.check.retry_after.count(), 0);
  EXPECT_TRUE(held.token.empty());
  // The same count for the name however it is typed.
  EXPECT_EQ(sign_in(" CAROL", kPassword).check.outcome, Outcome::HeldBack);
}

TEST_F(AccountsTest, ChangingThePasswordEndsEveryOtherSession) {
  ASSERT_TRUE(accounts_.sign_up("dee", kPassword, core::AccountRole::Person));
  const SignIn here = sign_in("dee", kPassword);
  const SignIn there = sign_in("dee", kPassword);
  auto session = accounts_.authenticate(here.token);
  ASSERT_TRUE(session);

  EXPECT_EQ(accounts_.change_password(*session, kPassword, "short", kAddress).error().field,
            "new_password");
  auto wrong =
      accounts_.change_password(*session, "not the password", "a new long password", kAddress);
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->outcome, Outcome::Wrong);
  EXPECT_TRUE(accounts_.authenticate(there.token));

  auto changed = accounts_.change_password(*session, kPassword, "a new long password", kAddress);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_TRUE(changed->right());
  EXPECT_TRUE(accounts_.authenticate(here.token));
  EXPECT_EQ(accounts_.authenticate(there.token).error().code, ErrorCode::NotFound);
  EXPECT_EQ(sign_in("dee", "a new long password").check.outcome, Outcome::Right);
}

TEST_F(AccountsTest, SignsOutOneSessionOrAll) {
  ASSERT_TRUE(accounts_.sign_up("fay", kPassword, core::AccountRole::Person));
  const SignIn a = sign_in("fay", kPassword);
  const SignIn b = sign_in("fay", kPassword);
  const SignIn c = sign_in("fay", kPassword);
  ASSERT_TRUE(accounts_.sign_out(*accounts_.authenticate(a.token)));
  EXPECT_FALSE(accounts_.authenticate(a.token));
  EXPECT_TRUE(accounts_.authenticate(b.token));
  ASSERT_TRUE(accounts_.sign_out_everywhere(*accounts_.authenticate(b.token)));
  EXPECT_FALSE(accounts_.authenticate(b.token));
  EXPECT_FALSE(accounts_.authenticate(c.token));
}

TEST_F(AccountsTest, DeletesTheAccountOnlyWithItsPassword) {
  ASSERT_TRUE(accounts_.sign_up("gus", kPassword, core::AccountRole::Person));
  const SignIn in = sign_in("gus", kPassword);
  auto session = accounts_.authenticate(in.token);
  ASSERT_TRUE(session);
  auto refused = accounts_.delete_account(*session, "not the password", kAddress);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->outcome, Outcome::Wrong);
  EXPECT_TRUE(store_->find_account("gus"));

  auto deleted = accounts_.delete_account(*session, kPassword, kAddress);
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_TRUE(deleted->right());
  EXPECT_EQ(store_->find_account("gus").error().code, ErrorCode::NotFound);
  EXPECT_FALSE(accounts_.authenticate(in.token));
}

TEST_F(AccountsTest, KeepsTheLanguageAnAccountChose) {
  ASSERT_TRUE(accounts_.sign_up("hal", kPassword, core::AccountRole::Person));
  const SignIn in = sign_in("hal", kPassword);
  EXPECT_FALSE(in.account.language);
  auto session = accounts_.authenticate(in.token);
  ASSERT_TRUE(session);
  auto changed = accounts_.set_language(*session, core::Language::Pl);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->language, core::Language::Pl);
  EXPECT_EQ(accounts_.authenticate(in.token)->account.language, core::Language::Pl);
  EXPECT_EQ(sign_in("hal", kPassword).account.language, core::Language::Pl);
}

}  // namespace
}  // namespace msfit::app
