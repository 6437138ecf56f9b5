// Administration over the in-memory store: roles, deletion, the audit log, and the two things
// an administrator cannot do to their own account.

#include "msfit/app/admin.hpp"

#include <gtest/gtest.h>

#include "msfit/storage/memory_store.hpp"

#include "test_store.hpp"

namespace msfit::app {
namespace {

class AdminTest : public ::testing::Test {
 protected:
  AdminTest() : store_(testing::open_test_store()), admin_(*store_, *store_) {
    root_ = {account("root", core::AccountRole::Admin), "PATCH /api/v1/admin/accounts/{id}"};
    bob_ = account("bob", core::AccountRole::Person);
  }

  core::Account account(const char* name, core::AccountRole role) {
    auto a = store_->create_account(name, role, "");
    EXPECT_TRUE(a) << a.error().message;
    return a.value_or(core::Account{});
  }

  std::unique_ptr<storage::Store> store_;
  Admin admin_;
  Actor root_;
  core::Account bob_;
};

TEST_F(AdminTest, ChangesARoleAndRecordsIt) {
  auto changed = admin_.set_role(root_, bob_.id, core::AccountRole::Clinician);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->role, core::AccountRole::Clinician);
  EXPECT_EQ(store_->account_by_id(bob_.id)->role, core::AccountRole::Clinician);
  auto log = admin_.audit_log(10);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1U);
  EXPECT_EQ(log->front().action, storage::AuditAction::Change);
  EXPECT_EQ(log->front().subject, bob_.id);
  EXPECT_EQ(log->front().actor_role, "admin");
  EXPECT_EQ(admin_.set_role(root_, 999, core::AccountRole::Person).error().code,
            ErrorCode::NotFound);
}

TEST_F(AdminTest, CannotChangeTheirOwnRoleOrDeleteThemselves) {
  auto role = admin_.set_role(root_, root_.account.id, core::AccountRole::Person);
  ASSERT_FALSE(role);
  EXPECT_EQ(role.error().code, ErrorCode::Conflict);
  EXPECT_EQ(role.error().field, "id");
  auto deleted = admin_.delete_account(root_, root_.account.id);
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, ErrorCode::Conflict);
  EXPECT_EQ(store_->account_by_id(root_.account.id)->role, core::AccountRole::Admin);
  EXPECT_TRUE(admin_.audit_log(10)->empty());
}

TEST_F(AdminTest, DeletesAnAccountAndKeepsOnlyItsNumberOnTheRecord) {
  ASSERT_TRUE(admin_.delete_account(root_, bob_.id));
  EXPECT_EQ(store_->account_by_id(bob_.id).error().code, ErrorCode::NotFound);
  auto accounts = admin_.accounts();
  ASSERT_TRUE(accounts);
  ASSERT_EQ(accounts->size(), 1U);
  EXPECT_EQ(accounts->front().name, "root");
  auto log = admin_.audit_log(10);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1U);
  EXPECT_EQ(log->front().action, storage::AuditAction::Delete);
  EXPECT_FALSE(log->front().subject);
  EXPECT_EQ(log->front().resource,
            "PATCH /api/v1/admin/accounts/{id} (account " + std::to_string(bob_.id) + ")");
  EXPECT_EQ(admin_.delete_account(root_, bob_.id).error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace msfit::app
