#include "sqlite_store.hpp"

namespace msfit::storage::sqlite {

namespace {

constexpr std::string_view kStudyColumns =
    "SELECT s.id, s.researcher_id, s.title, s.created_at, (SELECT count(*) FROM "
    "study_members m WHERE m.study_id = s.id) FROM studies s ";

Study read_study(const Stmt& s) {
  return Study{s.int64(0), s.int64(1), s.text(2), s.text(3), s.integer(4)};
}

}  // namespace

Result<Study> SqliteStore::create_study(AccountId researcher, std::string_view title,
                                        std::string_view join_code_hash) {
  MSFIT_ASSIGN_OR_RETURN(
      const Written written,
      write_one("INSERT INTO studies (researcher_id, title, join_code_hash) VALUES (?, ?, ?)",
                "creating the study",
                [&](Stmt& s) { s.bind(1, researcher).bind(2, title).bind(3, join_code_hash); }));
  return study(researcher, written.rowid);
}

Result<std::vector<Study>> SqliteStore::studies_of(AccountId researcher) {
  std::vector<Study> out;
  MSFIT_TRY(for_each_row(
      std::string(kStudyColumns) + "WHERE s.researcher_id = ? ORDER BY s.id", "reading studies",
      [&](Stmt& s) { s.bind(1, researcher); },
      [&](const Stmt& s) { out.push_back(read_study(s)); }));
  return out;
}

Result<Study> SqliteStore::study(AccountId researcher, std::int64_t study_id) {
  std::optional<Study> found;
  MSFIT_TRY(for_each_row(
      std::string(kStudyColumns) + "WHERE s.id = ? AND s.researcher_id = ?", "reading the study",
      [&](Stmt& s) { s.bind(1, study_id).bind(2, researcher); },
      [&](const Stmt& s) { found = read_study(s); }));
  if (!found) {
    return fail(ErrorCode::NotFound, "no such study", "id");
  }
  return *found;
}

Result<StudyMember> SqliteStore::join_study(std::string_view join_code_hash, AccountId person,
                                            std::string_view pseudonym, Date joined_on) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  std::optional<std::int64_t> study_id;
  MSFIT_TRY(for_each_row(
      "SELECT id FROM studies WHERE join_code_hash = ?", "reading the study",
      [&](Stmt& s) { s.bind(1, join_code_hash); }, [&](const Stmt& s) { study_id = s.int64(0); }));
  if (!study_id) {
    return fail(ErrorCode::NotFound, "no study has that code", "code");
  }
  Stmt insert(*stmts_,
              "INSERT INTO study_members (study_id, person_id, pseudonym, joined_on) "
              "VALUES (?, ?, ?, ?)");
  if (!insert.ok()) {
    return storage_error(db_, "joining the study");
  }
  const int rc =
      insert.bind(1, *study_id).bind(2, person).bind(3, pseudonym).bind(4, joined_on).step();
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    return fail(ErrorCode::Conflict, "you are already in this study", "code");
  }
  if (rc != SQLITE_DONE) {
    return storage_error(db_, "joining the study");
  }
  MSFIT_TRY(tx.commit());
  return StudyMember{*study_id, person, std::string(pseudonym), joined_on};
}

Result<std::vector<StudyMember>> SqliteStore::study_members(std::int64_t study_id) {
  std::vector<StudyMember> out;
  MSFIT_TRY(for_each_row(
      "SELECT study_id, person_id, pseudonym, joined_on FROM study_members WHERE study_id = ? "
      "ORDER BY pseudonym",
      "reading study members", [&](Stmt& s) { s.bind(1, study_id); },
      [&](const Stmt& s) {
        out.push_back(StudyMember{s.int64(0), s.int64(1), s.text(2), s.date(3)});
      }));
  return out;
}

Result<std::vector<std::pair<Study, StudyMember>>> SqliteStore::memberships(AccountId person) {
  std::vector<std::pair<Study, StudyMember>> out;
  MSFIT_TRY(for_each_row(
      "SELECT s.id, s.researcher_id, s.title, s.created_at, (SELECT count(*) FROM "
      "study_members x WHERE x.study_id = s.id), m.pseudonym, m.joined_on FROM studies s "
      "JOIN study_members m ON m.study_id = s.id WHERE m.person_id = ? ORDER BY s.id",
      "reading studies", [&](Stmt& s) { s.bind(1, person); },
      [&](const Stmt& s) {
        out.emplace_back(read_study(s), StudyMember{s.int64(0), person, s.text(5), s.date(6)});
      }));
  return out;
}

Status SqliteStore::leave_study(std::int64_t study_id, AccountId person) {
  MSFIT_ASSIGN_OR_RETURN(
      const Written written,
      write_one("DELETE FROM study_members WHERE study_id = ? AND "
                "person_id = ?",
                "leaving the study", [&](Stmt& s) { s.bind(1, study_id).bind(2, person); }));
  if (written.changed == 0) {
    return fail(ErrorCode::NotFound, "you are not in that study", "id");
  }
  return {};
}

}  // namespace msfit::storage::sqlite
