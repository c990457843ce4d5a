// Tests of an invitation's reason as data: the store's names read back, every
// code has English words, and the domain's codes are the contract's, in its
// order (ToProto converts by number).
#include "server/domain/invitation_reason.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "opinus/v1/invitation.pb.h"
#include "server/rpc/conversions.h"

namespace opinus::server {
namespace {

namespace v1 = ::opinus::v1;
using ::testing::HasSubstr;

// Every code but kUnspecified, by walking the contract's numbers.
std::vector<InvitationReasonCode> AllCodes() {
  std::vector<InvitationReasonCode> codes;
  const google::protobuf::EnumDescriptor* descriptor = v1::InvitationReasonCode_descriptor();
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const int number = descriptor->value(i)->number();
    if (number != 0) codes.push_back(static_cast<InvitationReasonCode>(number));
  }
  return codes;
}

TEST(InvitationReasonTest, EachCodeIsTheContractsOfTheSameNameAndReadsBack) {
  ASSERT_GT(AllCodes().size(), 20u);
  for (InvitationReasonCode code : AllCodes()) {
    const std::string name = InvitationReasonCodeName(code);
    SCOPED_TRACE(name);
    ASSERT_FALSE(name.empty());
    EXPECT_EQ(InvitationReasonCodeFromName(name), code);
    v1::InvitationReason proto;
    rpc::ToProto(InvitationReasonOf(code), &proto);
    EXPECT_EQ(v1::InvitationReasonCode_Name(proto.code()),
              absl::StrCat("INVITATION_REASON_", absl::AsciiStrToUpper(name)));
  }
  EXPECT_EQ(InvitationReasonCodeFromName("from_a_newer_core"), InvitationReasonCode::kUnspecified);
  EXPECT_STREQ(InvitationReasonCodeName(InvitationReasonCode::kUnspecified), "");
}

TEST(InvitationReasonTest, EveryCodeHasEnglishWords) {
  for (InvitationReasonCode code : AllCodes()) {
    SCOPED_TRACE(InvitationReasonCodeName(code));
    EXPECT_FALSE(InvitationReasonText(InvitationReasonOf(code, "x")).empty());
  }
  EXPECT_EQ(InvitationReasonText(InvitationReason()), "");
}

TEST(InvitationReasonTest, TheEnglishWordsKeepTheirParameters) {
  InvitationReason retry = InvitationReasonOf(InvitationReasonCode::kRetrying, "451 busy");
  retry.count = 2;
  retry.time = absl::FromUnixSeconds(1715757125);
  EXPECT_EQ(InvitationReasonText(retry),
            "attempt 2 failed, retry at 2024-05-15 07:12:05 UTC: 451 busy");
  InvitationReason refused = InvitationReasonOf(InvitationReasonCode::kRefused, "550 unknown");
  refused.reminder = true;
  EXPECT_EQ(InvitationReasonText(refused),
            "reminder failed: refused by the mail server: 550 unknown");
  InvitationReason cancelled = InvitationReasonOf(InvitationReasonCode::kCancelledByOwner);
  cancelled.handover_time = absl::FromUnixSeconds(1715757125);
  EXPECT_THAT(InvitationReasonText(cancelled),
              HasSubstr("cancelled by the shop's owner; its invitation may have left at "
                        "2024-05-15 07:12:05 UTC"));
  EXPECT_EQ(InvitationReasonText(InvitationReasonOf(InvitationReasonCode::kCancelledByOperator)),
            "cancelled by operator");
  EXPECT_EQ(InvitationReasonText(
                InvitationReasonOf(InvitationReasonCode::kCancelledByOperator, "asked by phone")),
            "asked by phone");
}

}  // namespace
}  // namespace opinus::server
