#include "msfit/app/sharing.hpp"

#include <utility>

#include "msfit/app/accounts.hpp"
#include "msfit/app/passwords.hpp"
#include "msfit/core/training_log.hpp"

namespace msfit::app {

Sharing::Sharing(storage::Store& store, Training& training, Clock clock)
    : store_(store), training_(training), clock_(clock) {}

Result<Invite> Sharing::invite(const core::Account& person) {
  Invite out{human_code(3), iso_utc(clock_.now() + kInviteLifetime)};
  MSFIT_TRY(store_.create_invite(person.id, secret_hash(out.code), out.expires_at));
  return out;
}

Result<std::vector<storage::CareLink>> Sharing::clinicians_of(const core::Account& person) {
  MSFIT_ASSIGN_OR_RETURN(auto links, store_.care_links(person.id));
  std::erase_if(links, [&](const storage::CareLink& l) { return l.person.id != person.id; });
  return links;
}

Status Sharing::revoke(const Actor& person, core::AccountId clinician) {
  if (auto s = store_.revoke_care_link(person.account.id, clinician); !s) {
    Error e = s.error();
    e.field = "id";
    return tl::unexpected(std::move(e));
  }
  return store_.audit(audit_entry(person, storage::AuditAction::Revoke, person.account.id));
}

Result<storage::CareLink> Sharing::link_patient(const Actor& clinician, std::string_view code) {
  MSFIT_ASSIGN_OR_RETURN(storage::CareLink link,
                         store_.redeem_invite(secret_hash(typed_code(code)), clinician.account.id,
                                              iso_utc(clock_.now())));
  MSFIT_TRY(store_.audit(audit_entry(clinician, storage::AuditAction::Grant, link.person.id)));
  return link;
}

Status Sharing::check_access(const Actor& clinician, core::AccountId patient) {
  MSFIT_ASSIGN_OR_RETURN(const bool linked, store_.has_care_link(patient, clinician.account.id));
  if (!linked) {
    return fail(ErrorCode::NotFound, "no patient with that id has given you access", "id");
  }
  return {};
}

Status Sharing::record_access(const Actor& actor, core::AccountId person,
                              storage::AuditAction action) {
  return store_.audit(audit_entry(actor, action, person));
}

Result<PatientSummary> Sharing::summary(const storage::CareLink& link, core::Date today) {
  PatientSummary out{link.person, link.granted_at, 0, 0, std::nullopt, {}};
  const core::AccountId person = link.person.id;
  MSFIT_ASSIGN_OR_RETURN(const ProgressView progress,
                         training_.progress(person, today - std::chrono::days{27}, today));
  MSFIT_ASSIGN_OR_RETURN(const core::History log,
                         store_.history(person, today - std::chrono::days{13}, today));
  for (const auto& w : progress.adherence) {
    out.planned += w.planned;
    out.done += w.done;
  }
  bool relapse = false;
  bool red_flag = false;
  for (const auto& ci : log.check_ins) {
    out.last_check_in = ci.date;
    relapse = relapse || ci.relapse;
    for (auto symptom : ci.symptoms) {
      red_flag = red_flag || core::is_red_flag(symptom);
    }
  }
  if (relapse) {
    out.flags.emplace_back("relapse");
  }
  if (red_flag) {
    out.flags.emplace_back("red_flag");
  }
  // Training held until a clearance the clinician may be the one to record.
  if (auto now = training_.today(person, today); now && !now->session.holds.empty()) {
    out.flags.emplace_back("awaiting_clearance");
  }
  for (const auto& m : progress.measures) {
    if (m.change.meaningful && m.change.direction == core::Direction::Worsened) {
      out.flags.push_back("worsened:" + m.measure);
    }
  }
  if (out.planned >= 2 && out.done * 2 < out.planned) {
    out.flags.emplace_back("low_adherence");
  }
  return out;
}

Result<std::vector<PatientSummary>> Sharing::patients(const Actor& clinician) {
  MSFIT_ASSIGN_OR_RETURN(const auto links, store_.care_links(clinician.account.id));
  const core::Date today = clock_.today_utc();
  std::vector<PatientSummary> out;
  std::vector<storage::AuditEntry> reads;
  for (const auto& l : links) {
    if (l.clinician.id != clinician.account.id) {
      continue;
    }
    MSFIT_ASSIGN_OR_RETURN(PatientSummary patient, summary(l, today));
    reads.push_back(audit_entry(clinician, storage::AuditAction::Read, l.person.id));
    out.push_back(std::move(patient));
  }
  MSFIT_TRY(store_.audit_all(reads));
  return out;
}

}  // namespace msfit::app
