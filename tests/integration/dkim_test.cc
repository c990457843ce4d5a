// DkimSigner against an independent verifier: python3-dkim checks each
// signature with the test key's public half given directly (no DNS).
#include <fstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/dispatch/dkim_signer.h"
#include "tests/integration/child_process.h"
#include "tests/support/files.h"

namespace opinus::server {
namespace {

using ::opinus::testing::CommandResult;
using ::opinus::testing::ReadFile;
using ::opinus::testing::RunCommand;
using ::testing::HasSubstr;

// A mail as the composer writes it: every header the signature must cover,
// a folded one, non-ASCII in an encoded word and in the base64 body.
MailMessage Invitation() {
  MailMessage mail;
  mail.envelope_from = "bounces+0123456789abcdef0123@opinus.example";
  mail.envelope_to = "jan@example.com";
  mail.data =
      "From: =?UTF-8?B?Q2VyYW1pa2EgS293YWxza2k=?= <zaproszenia@opinus.example>\r\n"
      "To: <jan@example.com>\r\n"
      "Subject: =?UTF-8?B?SmFrIG9jZW5pYXN6IHpha3VweT8=?=\r\n"
      "Date: Sun, 06 Dec 2026 08:45:27 +0000\r\n"
      "Message-ID: <opinus.invitation-1.3.1796546727@opinus.example>\r\n"
      "MIME-Version: 1.0\r\n"
      "List-Unsubscribe: <https://opinus.example/u/xLJg8UDpNx_HAam9zwVFPFS-t4MgcjGV>\r\n"
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
      "List-Id: =?UTF-8?B?Q2VyYW1pa2EgS293YWxza2k=?= <shop-3.invitations.opinus.example>\r\n"
      "Feedback-ID: invitation:shop-3:invitation:opinus\r\n"
      "Auto-Submitted: auto-generated\r\n"
      "Content-Type: text/plain; charset=UTF-8;\r\n"
      " format=flowed\r\n"
      "Content-Transfer-Encoding: base64\r\n"
      "\r\n"
      "RHppZcWEIGRvYnJ5LA0KamFrIG9jZW5pYXN6IHpha3VweT8=\r\n";
  return mail;
}

class DkimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<DkimSigner>> signer = DkimSigner::Create(
        "opinus.example", "mail2026", ReadFile(OPINUS_TESTDATA_DIR "/dkim-test.key"));
    ASSERT_TRUE(signer.ok()) << signer.status();
    signer_ = *std::move(signer);
  }

  // Verify stores `mail` and runs the verifier on it. One file a call: ctest
  // runs the tests of this suite side by side.
  CommandResult Verify(const std::string& mail) {
    const std::string path = absl::StrCat(
        ::testing::TempDir(), "/dkim-",
        ::testing::UnitTest::GetInstance()->current_test_info()->name(), "-", files_++, ".eml");
    std::ofstream(path, std::ios::binary) << mail;
    return RunCommand(
        {"/usr/bin/python3", OPINUS_DKIM_VERIFIER, path, OPINUS_TESTDATA_DIR "/dkim-test.p"});
  }

  std::unique_ptr<DkimSigner> signer_;
  int files_ = 0;
};

TEST_F(DkimTest, AnIndependentVerifierAcceptsTheSignatureOverEveryHeaderItMustCover) {
  absl::StatusOr<MailMessage> mail = signer_->Sign(Invitation());
  ASSERT_TRUE(mail.ok()) << mail.status();
  EXPECT_THAT(mail->data, ::testing::StartsWith("DKIM-Signature: "));
  EXPECT_THAT(mail->data, HasSubstr("d=opinus.example;"));
  EXPECT_THAT(mail->data, HasSubstr("s=mail2026;"));
  EXPECT_THAT(mail->data, HasSubstr("c=relaxed/relaxed;"));
  EXPECT_THAT(mail->data, HasSubstr("a=rsa-sha256;"));
  // Every line still ends in CRLF, the folded signature's too.
  EXPECT_EQ(absl::StrReplaceAll(mail->data, {{"\r\n", ""}}).find('\n'), std::string::npos);
  const CommandResult verified = Verify(mail->data);
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("verified"));
  for (const char* header : kDkimSignedHeaders) {
    EXPECT_THAT(absl::AsciiStrToLower(verified.out), HasSubstr(absl::AsciiStrToLower(header)))
        << verified.out;
  }
}

TEST_F(DkimTest, AChangedUnsubscribeLinkOrBodyNoLongerVerifies) {
  absl::StatusOr<MailMessage> mail = signer_->Sign(Invitation());
  ASSERT_TRUE(mail.ok()) << mail.status();
  const std::string link = absl::StrReplaceAll(
      mail->data, {{"/u/xLJg8UDpNx_HAam9zwVFPFS-t4MgcjGV", "/u/attacker-link-0000000000000"}});
  EXPECT_EQ(Verify(link).exit_code, 1);
  const std::string body =
      absl::StrReplaceAll(mail->data, {{"RHppZcWEIGRvYnJ5", "RHppZcWEIGRvYnJ6"}});
  EXPECT_EQ(Verify(body).exit_code, 1);
}

TEST_F(DkimTest, AKeyThatCannotSignIsRefusedAtCreation) {
  for (const std::string& key : {std::string(), std::string("not a key"),
                                 std::string("-----BEGIN PRIVATE KEY-----\nAAAA\n"
                                             "-----END PRIVATE KEY-----\n")}) {
    absl::StatusOr<std::unique_ptr<DkimSigner>> signer =
        DkimSigner::Create("opinus.example", "mail2026", key);
    EXPECT_EQ(signer.status().code(), absl::StatusCode::kInvalidArgument) << key;
  }
  EXPECT_EQ(DkimSigner::Create("", "mail2026", ReadFile(OPINUS_TESTDATA_DIR "/dkim-test.key"))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace opinus::server
