#include "gateway/pages/shop_page.h"

#include <map>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/text_template.h"
#include "gateway/pages/page.h"
#include "gateway/pages/page_templates.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;

// Public pages may be cached briefly: a new opinion shows within a minute.
constexpr char kPublicCache[] = "public, max-age=60";

// ParseShopId returns the shop's id from the path; NOT_FOUND for anything
// else, so that a bad path looks like an unknown shop.
absl::StatusOr<int64_t> ParseShopId(absl::string_view text) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) return absl::NotFoundError("no such shop");
  return id;
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

std::string Distribution(const v1::RatingSummary& summary) {
  std::string html = "<ul class=\"distribution\">";
  for (int stars = 5; stars >= 1; --stars) {
    const int64_t count =
        summary.count_by_rating_size() >= stars ? summary.count_by_rating(stars - 1) : 0;
    const int64_t percent = summary.count() > 0 ? count * 100 / summary.count() : 0;
    absl::StrAppend(&html, "<li>", stars,
                    " \xE2\x98\x85 <span class=\"bar\" style=\"width:", percent * 2,
                    "px\"></span> ", count, "</li>");
  }
  return html + "</ul>";
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
                         {"distribution", Distribution(summary)}});
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

HttpReply ShopPage::Show(absl::string_view shop, absl::string_view page_token,
                         const opinus::client::CallContext& call) {
  absl::StatusOr<int64_t> shop_id = ParseShopId(shop);
  if (!shop_id.ok()) return ErrorPage(shop_id.status());
  v1::GetRatingSummaryRequest summary_request;
  summary_request.set_shop_id(*shop_id);
  absl::StatusOr<v1::RatingSummary> summary = core_->GetRatingSummary(summary_request, call);
  if (!summary.ok()) return ErrorPage(summary.status());
  v1::ListOpinionsRequest list_request;
  list_request.set_shop_id(*shop_id);
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
  HttpReply reply =
      RenderPage(200, language,
                 language == "en" ? absl::StrCat("Opinions of ", summary->shop_name())
                                  : absl::StrCat("Opinie o sklepie ", summary->shop_name()),
                 absl::StrCat("shop_", language, ".html"),
                 {{"shop_name", summary->shop_name()},
                  {"rating", *rating},
                  {"sub_ratings", SubRatings(*summary, language)},
                  {"opinions", *items},
                  {"more", more}},
                 "shown");
  reply.cache_control = kPublicCache;
  return reply;
}

HttpReply ShopPage::Badge(absl::string_view shop, const opinus::client::CallContext& call) {
  absl::StatusOr<int64_t> shop_id = ParseShopId(shop);
  if (!shop_id.ok()) return ErrorPage(shop_id.status());
  v1::GetRatingSummaryRequest request;
  request.set_shop_id(*shop_id);
  absl::StatusOr<v1::RatingSummary> summary = core_->GetRatingSummary(request, call);
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
      PageTemplate("badge.svg"),
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
