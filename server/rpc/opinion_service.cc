#include "server/rpc/opinion_service.h"

#include "common/status_macros.h"
#include "server/domain/paging.h"
#include "server/rpc/conversions.h"
#include "server/rpc/reply.h"

namespace opinus::server::rpc {

namespace v1 = ::opinus::v1;

namespace {

constexpr char kListOpinions[] = "/opinus.v1.OpinionService/ListOpinions";
constexpr char kGetRatingSummary[] = "/opinus.v1.OpinionService/GetRatingSummary";
constexpr char kReplyToOpinion[] = "/opinus.v1.OpinionService/ReplyToOpinion";
constexpr char kReportOpinion[] = "/opinus.v1.OpinionService/ReportOpinion";

}  // namespace

grpc::Status OpinionServiceImpl::GetOpinionForm(grpc::ServerContext*,
                                                const v1::GetOpinionFormRequest* request,
                                                v1::OpinionForm* response) {
  absl::StatusOr<OpinionFormView> form = opinions_->GetForm(request->token());
  if (form.ok()) ToProto(*form, response);
  return Reply("GetOpinionForm", form.status());
}

grpc::Status OpinionServiceImpl::SubmitOpinion(grpc::ServerContext*,
                                               const v1::SubmitOpinionRequest* request,
                                               v1::SubmitOpinionResponse* response) {
  absl::StatusOr<SubmitResult> result =
      opinions_->Submit(request->token(), FromProto(request->input()));
  if (result.ok()) {
    if (result->opinion) ToProto(*result->opinion, response->mutable_opinion());
    for (const FieldViolation& violation : result->violations) {
      v1::FieldViolation* out = response->add_violations();
      out->set_field(violation.field);
      out->set_description(violation.description);
    }
  }
  return Reply("SubmitOpinion", result.status());
}

grpc::Status OpinionServiceImpl::ListOpinions(grpc::ServerContext* context,
                                              const v1::ListOpinionsRequest* request,
                                              v1::ListOpinionsResponse* response) {
  OpinionFilter filter;
  filter.min_rating = request->min_rating();
  filter.max_rating = request->max_rating();
  filter.include_hidden = request->include_hidden();
  if (request->has_updated_after()) filter.updated_after = FromProto(request->updated_after());
  absl::StatusOr<Page<Opinion>> page = [&]() -> absl::StatusOr<Page<Opinion>> {
    OPINUS_RETURN_IF_ERROR(owners_->CheckShop(*context, kListOpinions, request->shop_id()));
    return opinions_->ListOpinions(
        request->shop_id(), filter,
        MakePageRequest(request->page_size(), 20, 100, request->page_token()));
  }();
  if (page.ok()) {
    for (const Opinion& opinion : page->items) ToProto(opinion, response->add_opinions());
    response->set_next_page_token(page->next_token);
  }
  return Reply("ListOpinions", page.status());
}

grpc::Status OpinionServiceImpl::GetRatingSummary(grpc::ServerContext* context,
                                                  const v1::GetRatingSummaryRequest* request,
                                                  v1::RatingSummary* response) {
  absl::StatusOr<std::pair<Shop, RatingSummary>> summary =
      [&]() -> absl::StatusOr<std::pair<Shop, RatingSummary>> {
    ShopId shop_id = request->shop_id();
    if (!request->shop_slug().empty()) {
      OPINUS_ASSIGN_OR_RETURN(shop_id, opinions_->FindShopIdBySlug(request->shop_slug()));
    }
    OPINUS_RETURN_IF_ERROR(owners_->CheckShop(*context, kGetRatingSummary, shop_id));
    return opinions_->GetRatingSummary(shop_id);
  }();
  if (summary.ok()) ToProto(summary->first, summary->second, response);
  return Reply("GetRatingSummary", summary.status());
}

grpc::Status OpinionServiceImpl::ReplyToOpinion(grpc::ServerContext* context,
                                                const v1::ReplyToOpinionRequest* request,
                                                v1::Opinion* response) {
  // The store finds the opinion within the shop only, so checking the shop
  // keeps other owners' opinions out of reach.
  absl::StatusOr<Opinion> opinion = [&]() -> absl::StatusOr<Opinion> {
    OPINUS_RETURN_IF_ERROR(owners_->CheckShop(*context, kReplyToOpinion, request->shop_id()));
    return opinions_->Reply(request->shop_id(), request->opinion_id(), request->reply());
  }();
  if (opinion.ok()) ToProto(*opinion, response);
  return Reply("ReplyToOpinion", opinion.status());
}

grpc::Status OpinionServiceImpl::ReportOpinion(grpc::ServerContext* context,
                                               const v1::ReportOpinionRequest* request,
                                               v1::Opinion* response) {
  absl::StatusOr<Opinion> opinion = [&]() -> absl::StatusOr<Opinion> {
    OPINUS_RETURN_IF_ERROR(owners_->CheckShop(*context, kReportOpinion, request->shop_id()));
    return opinions_->Report(request->shop_id(), request->opinion_id(), request->reason());
  }();
  if (opinion.ok()) ToProto(*opinion, response);
  return Reply("ReportOpinion", opinion.status());
}

grpc::Status OpinionServiceImpl::HideOpinion(grpc::ServerContext*,
                                             const v1::ModerateOpinionRequest* request,
                                             v1::Opinion* response) {
  absl::StatusOr<Opinion> opinion = opinions_->Hide(request->opinion_id(), request->reason());
  if (opinion.ok()) ToProto(*opinion, response);
  return Reply("HideOpinion", opinion.status());
}

grpc::Status OpinionServiceImpl::RestoreOpinion(grpc::ServerContext*,
                                                const v1::ModerateOpinionRequest* request,
                                                v1::Opinion* response) {
  absl::StatusOr<Opinion> opinion = opinions_->Restore(request->opinion_id(), request->reason());
  if (opinion.ok()) ToProto(*opinion, response);
  return Reply("RestoreOpinion", opinion.status());
}

grpc::Status OpinionServiceImpl::WithdrawOpinion(grpc::ServerContext*,
                                                 const v1::WithdrawOpinionRequest* request,
                                                 v1::Opinion* response) {
  absl::StatusOr<Opinion> opinion = opinions_->Withdraw(request->token());
  if (opinion.ok()) ToProto(*opinion, response);
  return Reply("WithdrawOpinion", opinion.status());
}

}  // namespace opinus::server::rpc
