// Opinions: what customers say of shops through their invitation links, the
// rules of the form, and the arithmetic of a shop's rating.
#ifndef OPINUS_SERVER_DOMAIN_OPINION_H_
#define OPINUS_SERVER_DOMAIN_OPINION_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

using OpinionId = int64_t;

// How long a link takes a first opinion, and how long a given one may be edited.
inline constexpr absl::Duration kOpinionLinkValidity = absl::Hours(24 * 60);
inline constexpr absl::Duration kOpinionEditWindow = absl::Hours(24 * 7);
// Characters (not bytes) of a comment, a reply, a display name.
inline constexpr size_t kMaxCommentChars = 5000;
inline constexpr size_t kMaxDisplayNameChars = 100;

// OpinionInput is what the customer answers. Sub-ratings are 0 when not given.
struct OpinionInput {
  int rating = 0;
  int delivery_rating = 0;
  int product_rating = 0;
  int service_rating = 0;
  std::string comment;
  std::string display_name;
  bool consent = false;
};

// Hidden by an operator (who may restore it), or withdrawn by its author
// (for good).
enum class OpinionStatus { kPublished, kHidden, kWithdrawn };

struct Opinion {
  OpinionId id = 0;
  ShopId shop_id = 0;
  InvitationId invitation_id = 0;
  std::string order_id;
  // Validated, with display_name filled in.
  OpinionInput input;
  OpinionStatus status = OpinionStatus::kPublished;
  absl::Time create_time;
  absl::Time update_time;
  int edits = 0;
  std::string reply;
  std::optional<absl::Time> reply_time;
  bool reported = false;
  std::string report_reason;
  std::string moderation_reason;
};

// FieldViolation is one bad answer, for the form to show next to its field.
struct FieldViolation {
  std::string field;
  std::string description;
  bool operator==(const FieldViolation& other) const {
    return field == other.field && description == other.description;
  }
};

// ValidateOpinionInput returns every bad answer (none when it may be
// stored): rating 1 to 5; sub-ratings 0 or 1 to 5; comment and display name
// within their lengths, valid UTF-8, no control characters but line breaks
// in the comment; consent given. Descriptions are in Polish unless `english`.
std::vector<FieldViolation> ValidateOpinionInput(const OpinionInput& input, bool english);

// IsAcceptableComment returns whether `text` may be stored as a comment or a
// shop's reply: valid UTF-8, at most kMaxCommentChars characters, no control
// characters but line breaks and tabs.
bool IsAcceptableComment(absl::string_view text);

// DefaultDisplayName returns the first name and the surname's initial:
// "Jan", "Kowalski" -> "Jan K."; "Klient" when both are empty.
std::string DefaultDisplayName(absl::string_view first_name, absl::string_view last_name);

// What an opinion link may do now.
enum class OpinionFormState { kOpen, kEditable, kClosed, kExpired, kCancelled, kWithdrawn };

// DecideOpinionFormState: a cancelled, failed or suppressed invitation takes
// nothing; with an opinion given, it may be edited until kOpinionEditWindow
// after it was first given, unless its author withdrew it (then nothing
// more); without one, the link takes one until
// kOpinionLinkValidity after it was mailed (`link_time`).
OpinionFormState DecideOpinionFormState(const Invitation& invitation, absl::Time link_time,
                                        const std::optional<Opinion>& given, absl::Time now);

// RatingSummary is a shop's rating, kept as sums so that it is updated by
// adding and subtracting one opinion's share.
struct RatingSummary {
  int64_t count = 0;
  int64_t rating_sum = 0;
  std::array<int64_t, 5> count_by_rating{};
  int64_t delivery_sum = 0;
  int64_t delivery_count = 0;
  int64_t product_sum = 0;
  int64_t product_count = 0;
  int64_t service_sum = 0;
  int64_t service_count = 0;

  // Add adds `input`'s share `times` times (-1 takes it away).
  void Add(const OpinionInput& input, int times);
  bool operator==(const RatingSummary& other) const;
};

// RoundedAverage returns sum / count rounded half up to one decimal, 0 when
// count is 0: 4.25 -> 4.3, 13 / 3 -> 4.3.
double RoundedAverage(int64_t sum, int64_t count);

// OpinionFilter narrows a list of opinions.
struct OpinionFilter {
  // 0: no bound.
  int min_rating = 0;
  int max_rating = 0;
  bool include_hidden = false;
  std::optional<absl::Time> updated_after;

  bool Matches(const Opinion& opinion) const;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_OPINION_H_
