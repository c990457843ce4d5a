#include "server/domain/opinion.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/domain/validation.h"

namespace opinus::server {
namespace {

// Utf8Length returns the number of characters of valid UTF-8 `text`, or
// nullopt when it is not valid UTF-8.
std::optional<size_t> Utf8Length(absl::string_view text) {
  size_t characters = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80           ? 1
                    : (lead >> 5) == 0x6  ? 2
                    : (lead >> 4) == 0xE  ? 3
                    : (lead >> 3) == 0x1E ? 4
                                          : 0;
    if (length == 0 || i + length > text.size()) return std::nullopt;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return std::nullopt;
    }
    i += length;
    ++characters;
  }
  return characters;
}

// HasControlsBesidesLineBreaks: a comment may span lines, nothing else.
bool HasControlsBesidesLineBreaks(absl::string_view text) {
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\r' && c != '\t') || u == 0x7F) return true;
  }
  return false;
}

bool IsSubRating(int value) { return value == 0 || (value >= 1 && value <= 5); }

}  // namespace

bool IsAcceptableComment(absl::string_view text) {
  const std::optional<size_t> length = Utf8Length(text);
  return length && *length <= kMaxCommentChars && !HasControlsBesidesLineBreaks(text);
}

std::vector<FieldViolation> ValidateOpinionInput(const OpinionInput& input, bool english) {
  std::vector<FieldViolation> violations;
  auto add = [&](const char* field, const char* polish, const char* english_text) {
    violations.push_back({field, english ? english_text : polish});
  };
  if (input.rating < 1 || input.rating > 5) {
    add("rating", "Wybierz ocenę od 1 do 5 gwiazdek.", "Choose a rating from 1 to 5 stars.");
  }
  const std::pair<const char*, int> sub_ratings[] = {{"delivery_rating", input.delivery_rating},
                                                     {"product_rating", input.product_rating},
                                                     {"service_rating", input.service_rating}};
  for (const auto& [field, value] : sub_ratings) {
    if (!IsSubRating(value)) {
      add(field, "Ocena od 1 do 5 albo żadna.", "A rating from 1 to 5, or none.");
    }
  }
  const std::optional<size_t> comment_length = Utf8Length(input.comment);
  if (!comment_length || HasControlsBesidesLineBreaks(input.comment)) {
    add("comment", "Komentarz zawiera niedozwolone znaki.",
        "The comment holds characters we cannot take.");
  } else if (*comment_length > kMaxCommentChars) {
    violations.push_back({"comment", english
                                         ? absl::StrCat("At most ", kMaxCommentChars,
                                                        " characters (now ", *comment_length, ").")
                                         : absl::StrCat("Najwyżej ", kMaxCommentChars,
                                                        " znaków (jest ", *comment_length, ").")});
  }
  const std::optional<size_t> name_length = Utf8Length(input.display_name);
  if (!name_length || HasControlCharacters(input.display_name) ||
      *name_length > kMaxDisplayNameChars) {
    add("display_name", "Podpis: najwyżej 100 znaków, bez znaków sterujących.",
        "Name: at most 100 characters, no control characters.");
  }
  if (!input.consent) {
    add("consent", "Potrzebujemy Twojej zgody na publikację opinii.",
        "We need your consent to publish the opinion.");
  }
  return violations;
}

std::string DefaultDisplayName(absl::string_view first_name, absl::string_view last_name) {
  first_name = absl::StripAsciiWhitespace(first_name);
  last_name = absl::StripAsciiWhitespace(last_name);
  if (first_name.empty() && last_name.empty()) return "Klient";
  if (last_name.empty()) return std::string(first_name);
  // The initial is the surname's first character, however many bytes it takes.
  size_t initial = 1;
  while (initial < last_name.size() &&
         (static_cast<unsigned char>(last_name[initial]) >> 6) == 0x2) {
    ++initial;
  }
  if (first_name.empty()) return absl::StrCat(last_name.substr(0, initial), ".");
  return absl::StrCat(first_name, " ", last_name.substr(0, initial), ".");
}

OpinionFormState DecideOpinionFormState(const Invitation& invitation, absl::Time link_time,
                                        const std::optional<Opinion>& given, absl::Time now) {
  if (given.has_value()) {
    if (given->status == OpinionStatus::kWithdrawn) return OpinionFormState::kWithdrawn;
    return now < given->create_time + kOpinionEditWindow ? OpinionFormState::kEditable
                                                         : OpinionFormState::kClosed;
  }
  if (invitation.state != InvitationState::kSent && invitation.state != InvitationState::kSending &&
      invitation.state != InvitationState::kReviewed) {
    return OpinionFormState::kCancelled;
  }
  return now < link_time + kOpinionLinkValidity ? OpinionFormState::kOpen
                                                : OpinionFormState::kExpired;
}

void RatingSummary::Add(const OpinionInput& input, int times) {
  count += times;
  rating_sum += static_cast<int64_t>(input.rating) * times;
  if (input.rating >= 1 && input.rating <= 5) count_by_rating[input.rating - 1] += times;
  if (input.delivery_rating > 0) {
    delivery_sum += static_cast<int64_t>(input.delivery_rating) * times;
    delivery_count += times;
  }
  if (input.product_rating > 0) {
    product_sum += static_cast<int64_t>(input.product_rating) * times;
    product_count += times;
  }
  if (input.service_rating > 0) {
    service_sum += static_cast<int64_t>(input.service_rating) * times;
    service_count += times;
  }
}

bool RatingSummary::operator==(const RatingSummary& other) const {
  return count == other.count && rating_sum == other.rating_sum &&
         count_by_rating == other.count_by_rating && delivery_sum == other.delivery_sum &&
         delivery_count == other.delivery_count && product_sum == other.product_sum &&
         product_count == other.product_count && service_sum == other.service_sum &&
         service_count == other.service_count;
}

double RoundedAverage(int64_t sum, int64_t count) {
  if (count <= 0) return 0;
  // In tenths, in integers: 4.25 must round up, which floating point may not.
  const int64_t tenths = (sum * 20 + count) / (2 * count);
  return static_cast<double>(tenths) / 10.0;
}

bool OpinionFilter::Matches(const Opinion& opinion) const {
  if (!include_hidden && opinion.status != OpinionStatus::kPublished) return false;
  if (min_rating > 0 && opinion.input.rating < min_rating) return false;
  if (max_rating > 0 && opinion.input.rating > max_rating) return false;
  if (updated_after && opinion.update_time <= *updated_after) return false;
  return true;
}

}  // namespace opinus::server
