#include "gateway/pages/shop_page.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/text_template.h"
#include "gateway/pages/page.h"
#include "gateway/pages/page_templates.h"
#include "gateway/pages/rating_bars.h"
#include "gateway/pages/structured_data.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;

// Public pages may be cached briefly: a new opinion shows within a minute.
constexpr char kPublicCache[] = "public, max-age=60";

// SummaryRequest asks for the shop the path names: by id when it is a number
// (`*by_id` set), else by slug. NOT_FOUND for a number that cannot be an id,
// so that a bad path looks like an unknown shop.
absl::StatusOr<v1::GetRatingSummaryRequest> SummaryRequest(absl::string_view shop, bool* by_id) {
  v1::GetRatingSummaryRequest request;
  *by_id = !shop.empty() && std::all_of(shop.begin(), shop.end(), absl::ascii_isdigit);
  if (!*by_id) {
    request.set_shop_slug(std::string(shop));
    return request;
  }
  int64_t id = 0;
  if (!absl::SimpleAtoi(shop, &id) || id <= 0) return absl::NotFoundError("no such shop");
  request.set_shop_id(id);
  return request;
}

std::string Stars(int rating) {
  std::string stars;
  for (int i = 1; i <= 5; ++i) stars += i <= rating ? "\xE2\x98\x85" : "\xE2\x98\x86";
  return stars;
}

// CountWord returns the word "opinion" for `count` in `language` (Polish plurals).
std::string CountWord(int64_t count, absl::string_view language) {
  if (language == "en") return count == 1 ? "opinion" : "opinions";
  if (count == 1) return "opinia";
  const int64_t tens = count % 100;
  const int64_t units = count % 10;
  return units >= 2 && units <= 4 && (tens < 12 || tens > 14) ? "opinie" : "opinii";
}

std::string SubRatings(const v1::RatingSummary& summary, absl::string_view language) {
  const bool english = language == "en";
  const std::tuple<const char*, const char*, double, int64_t> rows[] = {
      {"Czas dostawy", "Delivery time", summary.delivery_average(), summary.delivery_count()},
      {"Produkt zgodny z opisem", "Product as described", summary.product_average(),
       summary.product_count()},
      {"Obsługa klienta", "Customer service", summary.service_average(), summary.service_count()}};
  std::string html = "<ul class=\"sub-ratings\">";
  for (const auto& [polish, english_name, average, count] : rows) {
    if (count == 0) continue;
    absl::StrAppend(&html, "<li>", english ? english_name : polish, ": ",
                    FormatOneDecimal(average, language), " / 5</li>");
  }
  return html + "</ul>";
}

// Rating renders the average and its distribution; for a shop without
// opinions, a sentence saying so instead of a "0,0" that reads as a bad rating.
absl::StatusOr<std::string> Rating(const v1::RatingSummary& summary, absl::string_view language) {
  if (summary.count() == 0) {
    return RenderFragment(absl::StrCat("shop_no_opinions_", language, ".html"), {});
  }
  return RenderFragment(absl::StrCat("shop_rating_", language, ".html"),
                        {{"average", FormatOneDecimal(summary.average(), language)},
                         {"count", absl::StrCat(summary.count())},
                         {"count_word", CountWord(summary.count(), language)},
                         {"distribution", RatingBars(summary, language)}});
}

// Description returns the sentence search engines and link previews show.
std::string Description(const v1::RatingSummary& summary, absl::string_view language) {
  const bool english = language == "en";
  if (summary.count() == 0) {
    return english ? "This shop has no opinions yet." : "Ten sklep nie ma jeszcze opinii.";
  }
  const std::string average = FormatOneDecimal(summary.average(), language);
  return english ? absl::StrCat("Average rating ", average, " / 5 from ", summary.count(), " ",
                                CountWord(summary.count(), language),
                                " of customers who bought in this shop.")
                 : absl::StrCat("Średnia ocena ", average, " / 5 z ", summary.count(),
                                " opinii klientów, którzy kupili w tym sklepie.");
}

// Head returns the page's head elements: its canonical URL, Open Graph tags
// and, when there are opinions, the JSON-LD of the shop and of `shown`.
absl::StatusOr<std::string> Head(const v1::RatingSummary& summary,
                                 const v1::ListOpinionsResponse& shown, absl::string_view url,
                                 absl::string_view title, absl::string_view language) {
  std::string json_ld;
  if (std::optional<nlohmann::json> data = ShopJsonLd(summary, shown, url)) {
    json_ld =
        absl::StrCat("<script type=\"application/ld+json\">", JsonForScript(*data), "</script>");
  }
  return RenderFragment("shop_head.html", {{"url", std::string(url)},
                                           {"title", std::string(title)},
                                           {"description", Description(summary, language)},
                                           {"locale", language == "en" ? "en_GB" : "pl_PL"},
                                           {"json_ld", json_ld}});
}

// IsPageToken returns whether `token` can be carried in a URL as it is (the
// core's tokens are digits).
bool IsPageToken(absl::string_view token) {
  return std::all_of(token.begin(), token.end(), absl::ascii_isalnum);
}

absl::StatusOr<std::string> OpinionItems(const v1::ListOpinionsResponse& list,
                                         absl::string_view language) {
  std::string html;
  for (const v1::Opinion& opinion : list.opinions()) {
    std::string reply;
    if (!opinion.reply().empty()) {
      absl::StatusOr<std::string> rendered = RenderFragment(
          absl::StrCat("shop_reply_", language, ".html"), {{"reply", opinion.reply()}});
      if (!rendered.ok()) return rendered.status();
      reply = *rendered;
    }
    absl::StatusOr<std::string> item =
        RenderFragment(absl::StrCat("shop_opinion_", language, ".html"),
                       {{"rating", absl::StrCat(opinion.rating())},
                        {"stars", Stars(opinion.rating())},
                        {"display_name", opinion.display_name()},
                        {"date", FormatDate(opinion.create_time(), language)},
                        {"comment", opinion.comment()},
                        {"reply", reply}});
    if (!item.ok()) return item.status();
    html += *item;
  }
  return html;
}

}  // namespace

void ShopPage::set_public_url(std::string url) {
  absl::MutexLock lock(&mutex_);
  public_url_ = std::move(url);
}

std::string ShopPage::public_url() const {
  absl::MutexLock lock(&mutex_);
  return public_url_;
}

HttpReply ShopPage::Show(absl::string_view shop, absl::string_view page_token,
                         const opinus::client::CallContext& call) {
  bool by_id = false;
  absl::StatusOr<v1::GetRatingSummaryRequest> summary_request = SummaryRequest(shop, &by_id);
  if (!summary_request.ok()) return ErrorPage(summary_request.status());
  absl::StatusOr<v1::RatingSummary> summary = core_->GetRatingSummary(*summary_request, call);
  if (!summary.ok()) return ErrorPage(summary.status());
  if (by_id) {
    // Links from before slugs move for good to the readable URL.
    std::string location = absl::StrCat("/sklep/", summary->shop_slug());
    if (!page_token.empty() && IsPageToken(page_token)) {
      absl::StrAppend(&location, "?strona=", page_token);
    }
    HttpReply reply = Redirect(std::move(location), "moved", 301);
    reply.cache_control = kPublicCache;
    return reply;
  }
  v1::ListOpinionsRequest list_request;
  list_request.set_shop_id(summary->shop_id());
  list_request.set_page_size(20);
  list_request.set_page_token(std::string(page_token));
  absl::StatusOr<v1::ListOpinionsResponse> list = core_->ListOpinions(list_request, call);
  if (!list.ok()) return ErrorPage(list.status());

  const std::string language(PageLanguage(summary->language()));
  absl::StatusOr<std::string> rating = Rating(*summary, language);
  if (!rating.ok()) return BrokenTemplate(rating.status());
  absl::StatusOr<std::string> items = OpinionItems(*list, language);
  if (!items.ok()) return BrokenTemplate(items.status());
  std::string more;
  if (!list->next_page_token().empty()) {
    more = absl::StrCat("<p><a href=\"?strona=", HtmlEscape(list->next_page_token()), "\">",
                        language == "en" ? "Older opinions" : "Starsze opinie", "</a></p>");
  }
  const std::string title = language == "en"
                                ? absl::StrCat("Opinions of ", summary->shop_name())
                                : absl::StrCat("Opinie o sklepie ", summary->shop_name());
  const std::string url = absl::StrCat(public_url(), "/sklep/", summary->shop_slug());
  absl::StatusOr<std::string> head = Head(*summary, *list, url, title, language);
  if (!head.ok()) return BrokenTemplate(head.status());
  // Worth finding: the page says only what the shop's customers made public.
  PageHead page_head{"index, follow", *std::move(head)};
  HttpReply reply = RenderPage(200, language, title, absl::StrCat("shop_", language, ".html"),
                               {{"shop_name", summary->shop_name()},
                                {"rating", *rating},
                                {"sub_ratings", SubRatings(*summary, language)},
                                {"opinions", *items},
                                {"more", more}},
                               "shown", page_head);
  reply.cache_control = kPublicCache;
  return reply;
}

HttpReply ShopPage::Badge(absl::string_view shop, BadgeSize size,
                          const opinus::client::CallContext& call) {
  bool by_id = false;
  absl::StatusOr<v1::GetRatingSummaryRequest> request = SummaryRequest(shop, &by_id);
  if (!request.ok()) return ErrorPage(request.status());
  absl::StatusOr<v1::RatingSummary> summary = core_->GetRatingSummary(*request, call);
  if (!summary.ok()) return ErrorPage(summary.status());
  const std::string language(PageLanguage(summary->language()));
  // Without opinions a dash, not a "0,0" that reads as a bad rating.
  const bool none = summary->count() == 0;
  const std::string average =
      none ? "\xE2\x80\x93" : FormatOneDecimal(summary->average(), language);
  const std::string count_text =
      none ? (language == "en" ? "no opinions yet" : "brak opinii")
           : absl::StrCat(summary->count(), " ", CountWord(summary->count(), language));
  // HTML escaping is XML escaping for the SVG's text.
  absl::StatusOr<std::string> svg = RenderTemplate(
      PageTemplate(size == BadgeSize::kSmall ? "badge_small.svg" : "badge.svg"),
      {{"label", none ? absl::StrCat(summary->shop_name(), ": ", count_text)
                      : absl::StrCat(summary->shop_name(), ": ", average, " / 5, ", count_text)},
       {"average", average},
       {"count_text", count_text}},
      true);
  if (!svg.ok()) return BrokenTemplate(svg.status());
  HttpReply reply;
  reply.body = std::move(*svg);
  reply.content_type = kSvgContentType;
  reply.cache_control = kPublicCache;
  reply.outcome = "badge";
  return reply;
}

}  // namespace opinus::gateway
