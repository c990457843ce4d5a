// What is held about one customer's address, the record of its erasure
// (RODO/GDPR requests), and the retention of invitations that ended (see
// docs/privacy.md).
#ifndef OPINUS_SERVER_DOMAIN_PRIVACY_H_
#define OPINUS_SERVER_DOMAIN_PRIVACY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/domain/model.h"
#include "server/domain/opinion.h"

namespace opinus::server {

// PersonalRecord is one invitation to the address and what hangs on it.
struct PersonalRecord {
  ShopId shop_id = 0;
  std::string shop_name;
  std::string shop_domain;
  Invitation invitation;
  // The events received about the invitation's order, oldest first.
  std::vector<EventRecord> order_events;
  std::optional<Opinion> opinion;
};

// PersonalData is everything held about one address.
struct PersonalData {
  // Normalised (NormalizeEmail).
  std::string email;
  // Oldest invitation first.
  std::vector<PersonalRecord> records;
  // The lists that hold the address's hash.
  std::vector<Suppression> suppressions;
};

// Erasure records that an address was erased: when, why, how much; never
// the address, only its keyed hash (AddressHasher).
struct Erasure {
  int64_t id = 0;
  absl::Time erase_time;
  std::string email_hash;
  // Addresses in it are masked (MaskEmailLocalParts).
  std::string reason;
  // Invitations that lost the address; of them, those cancelled on the way.
  int invitations = 0;
  int cancelled = 0;
};

// How long a buyer's data is kept after their invitation ends, unless the
// operator says otherwise (opinus-server --retention_days).
inline constexpr int kDefaultRetentionDays = 180;

// InvitationEndTime returns when `invitation` ended, nullopt while it has not:
// a reviewed, cancelled, suppressed, failed or bounced one when it entered
// that state (its update_time: nothing changes an ended invitation but a
// resend, which reopens it); a sent one with no reminder pending when its
// last link stopped taking an opinion (kOpinionLinkValidity after the later of
// its mails), which may be in the future. Migration 17's ended_at column
// computes the same; the two change together.
std::optional<absl::Time> InvitationEndTime(const Invitation& invitation);

// PurgePersonalData empties `invitation`'s address and names and masks
// (MaskEmailLocalParts) every address its state reason and last error quote,
// as an erasure leaves them.
void PurgePersonalData(Invitation& invitation);

// Purged counts what one retention sweep, or one of its batches, purged.
struct Purged {
  int invitations = 0;
  int events = 0;
  // Bounce and complaint reports whose diagnostic was emptied.
  int mail_feedback = 0;
  // Buyers who waited on an order's row for a parcel (the parcel trigger)
  // that never came, emptied.
  int waiting_buyers = 0;
  // Owners' accounts deleted once their grace ended.
  int owners = 0;
};

// DeletedAccount is all that is left of an owner's account once deleted:
// counts and a date, nothing that names the owner or their shops.
struct DeletedAccount {
  int64_t id = 0;
  absl::Time delete_time;
  int shops = 0;
  int invitations = 0;
  int opinions = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_PRIVACY_H_
