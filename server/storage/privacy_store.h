// PrivacyStore: finding and erasing everything held about one customer's
// e-mail address, in every shop, and purging what outlived its retention.
#ifndef OPINUS_SERVER_STORAGE_PRIVACY_STORE_H_
#define OPINUS_SERVER_STORAGE_PRIVACY_STORE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/domain/privacy.h"

namespace opinus::server {

// PrivacyStore reads and erases a customer's data. `email` arguments are
// normalised (NormalizeEmail) and match invitations whatever their letter
// case; `email_hash` is the address's AddressHasher::Hash. Implementations
// are thread-safe; every method may return UNAVAILABLE when the storage
// cannot be reached.
class PrivacyStore {
 public:
  virtual ~PrivacyStore() = default;

  // FindPersonalData returns every invitation to `email` in every shop, with
  // its shop's name and domain, its order's events and its opinion, and the
  // suppressions held under `email_hash`.
  [[nodiscard]] virtual absl::StatusOr<PersonalData> FindPersonalData(
      const std::string& email, const std::string& email_hash) = 0;

  // ErasePersonalData erases `email` in one transaction and records
  // `erasure` (its id and counts filled in, which it returns):
  // - each invitation to it that may still be cancelled (InvitationRules) is
  //   cancelled (InvitationReasonCode::kDataErased), under its row lock, waiting for a
  //   send in progress, as CancelInvitation does;
  // - each invitation's address and names become empty, and its links'
  //   tokens are deleted (the links stop working);
  // - each of their opinions is signed DefaultDisplayName("", "") and loses
  //   its edit history;
  // - the address, in any letter case, is masked (MaskEmailLocalParts)
  //   wherever free text quotes it: invitations' reasons and errors, their
  //   transitions, order events, mail feedback, opinions' comments, replies
  //   and reports, suppressions' reasons;
  // - login attempts made with it are deleted.
  // - privacy requests made for it lose the address and their links stop
  //   working.
  // States, counts, dates, ratings and suppressions stay.
  [[nodiscard]] virtual absl::StatusOr<Erasure> ErasePersonalData(const std::string& email,
                                                                  const Erasure& erasure) = 0;

  // PurgeEnded purges, in one transaction, at most `limit` invitations not
  // yet purged that ended (InvitationEndTime) at or before `ended_by`, and at
  // most `limit` order events not yet purged received at or before it, and
  // returns how many of each it purged, marking them purged at `now`:
  // - each invitation becomes as PurgePersonalData leaves it, its
  //   transitions' reasons are masked, its links' tokens are deleted and its
  //   opinion's edit history too; the opinion itself stays as published;
  // - each event's reason is masked;
  // at most `limit` mail feedback reports received at or before it lose
  // their diagnostic (emptied); and at most `limit` orders whose buyer still
  // waits for the parcel (the parcel trigger) and whose last status is at or
  // before it lose that buyer.
  // An invitation another transaction holds is left for a later call, so
  // that callers sharing one store (several cores) never purge a row twice
  // nor wait on each other; one that has not ended is never touched.
  [[nodiscard]] virtual absl::StatusOr<Purged> PurgeEnded(absl::Time ended_by, absl::Time now,
                                                          int limit) = 0;

  // DeleteDueOwner deletes, in one transaction, one owner whose deletion was
  // due at or before `now` (Owner::deletion_due_time), with their shops and
  // everything hanging on them: invitations (buyers' data), their
  // transitions and links' tokens, order events and orders, opinions and
  // their history, rating sums, the shops' suppression lists and mail
  // feedback, App Store installations of the shops (tokens included) and
  // their callbacks; and the owner's sessions, access tokens and login
  // attempts. Records and returns a DeletedAccount dated `now`; nullopt when
  // no deletion is due. An owner another transaction holds is left for a
  // later call (several cores may sweep at once).
  [[nodiscard]] virtual absl::StatusOr<std::optional<DeletedAccount>> DeleteDueOwner(
      absl::Time now) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_PRIVACY_STORE_H_
