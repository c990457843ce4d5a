#include "gateway/api/opinion_feed.h"

#include <nlohmann/json.hpp>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gateway/http/json_body.h"
#include "gateway/http/status_to_http.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;

std::string Rfc3339(const google::protobuf::Timestamp& time) {
  return absl::FormatTime(absl::RFC3339_sec, absl::FromUnixSeconds(time.seconds()),
                          absl::UTCTimeZone());
}

HttpReply Failed(const absl::Status& status) {
  if (absl::IsNotFound(status)) return ErrorJsonReply(404, "unknown shop", "unknown_shop");
  return ErrorReply(status, "core_error", std::string(status.message()));
}

nlohmann::json OpinionJson(const v1::Opinion& opinion) {
  nlohmann::json json = {{"id", absl::StrCat(opinion.id())},
                         {"rating", opinion.rating()},
                         {"delivery_rating", opinion.delivery_rating()},
                         {"product_rating", opinion.product_rating()},
                         {"service_rating", opinion.service_rating()},
                         {"comment", opinion.comment()},
                         {"display_name", opinion.display_name()},
                         {"verified_purchase", true},
                         {"create_time", Rfc3339(opinion.create_time())},
                         {"update_time", Rfc3339(opinion.update_time())},
                         {"reply", opinion.reply()}};
  if (opinion.has_reply_time()) json["reply_time"] = Rfc3339(opinion.reply_time());
  return json;
}

}  // namespace

HttpReply OpinionFeed::Handle(absl::string_view shop, absl::string_view page_token,
                              absl::string_view since, const opinus::client::CallContext& call) {
  int64_t shop_id = 0;
  if (!absl::SimpleAtoi(shop, &shop_id) || shop_id <= 0) {
    return ErrorJsonReply(404, "unknown shop", "unknown_shop");
  }
  v1::ListOpinionsRequest request;
  request.set_shop_id(shop_id);
  request.set_page_size(100);
  request.set_page_token(std::string(page_token));
  if (!since.empty()) {
    absl::Time after;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, since, &after, &error)) {
      return ErrorJsonReply(400, "since: an RFC 3339 time, e.g. 2026-11-28T10:00:00Z", "invalid");
    }
    request.mutable_updated_after()->set_seconds(absl::ToUnixSeconds(after));
  }
  v1::GetRatingSummaryRequest summary_request;
  summary_request.set_shop_id(shop_id);
  absl::StatusOr<v1::RatingSummary> summary = core_->GetRatingSummary(summary_request, call);
  if (!summary.ok()) return Failed(summary.status());
  absl::StatusOr<v1::ListOpinionsResponse> list = core_->ListOpinions(request, call);
  if (!list.ok()) return Failed(list.status());

  nlohmann::json opinions = nlohmann::json::array();
  for (const v1::Opinion& opinion : list->opinions()) opinions.push_back(OpinionJson(opinion));
  nlohmann::json body = {{"shop",
                          {{"id", absl::StrCat(shop_id)},
                           {"name", summary->shop_name()},
                           {"average", summary->average()},
                           {"count", summary->count()}}},
                         {"opinions", std::move(opinions)},
                         {"next_page_token", list->next_page_token()}};
  HttpReply reply = JsonReply(200, body.dump(), "feed");
  reply.cache_control = "public, max-age=60";
  return reply;
}

}  // namespace opinus::gateway
