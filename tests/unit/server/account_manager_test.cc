// Tests of AccountManager over InMemoryStorage with a fake clock: password
// and e-mail rules, sessions and their expiry, CSRF tokens, access tokens and
// the limits on login attempts.
#include "server/managers/account_manager.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/digest.h"
#include "server/domain/owner_credentials.h"
#include "server/domain/password_hasher.h"
#include "server/domain/token.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/recording_account_mailer.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

const absl::Time kStart =
    absl::FromCivil(absl::CivilSecond(2026, 3, 2, 9, 0, 0), absl::UTCTimeZone());
constexpr char kPassword[] = "correct horse battery";
constexpr char kAddress[] = "203.0.113.7";

class AccountManagerTest : public ::testing::Test {
 protected:
  AccountManagerTest()
      : clock_(kStart), accounts_(&storage_, &hasher_, &tokens_, &mailer_, &clock_) {}

  NewSession SignUp(const std::string& email) {
    absl::StatusOr<NewSession> session = accounts_.SignUp(email, kPassword, "");
    EXPECT_THAT(session.status(), IsOk());
    return session.value_or(NewSession{});
  }

  // Acting returns whom `session` acts for, as the panel's calls do.
  ActingOwner Acting(const NewSession& session) {
    absl::StatusOr<ActingOwner> acting =
        accounts_.ActFor(session.session_token, session.csrf_token, /*changes=*/true);
    EXPECT_THAT(acting.status(), IsOk());
    return acting.value_or(ActingOwner{});
  }

  InMemoryStorage storage_;
  // The real Argon2id at libsodium's minimum cost, so the tests stay fast.
  Argon2idPasswordHasher hasher_{kTestCost, 2};
  RandomTokenGenerator tokens_;
  RecordingAccountMailer mailer_;
  FakeClock clock_;
  AccountManager accounts_;
};

TEST_F(AccountManagerTest, PasswordMustHaveTenToOneHundredTwentyEightCharacters) {
  EXPECT_THAT(accounts_.SignUp("a@example.com", "123456789", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("password: 10 to 128")));
  EXPECT_THAT(accounts_.SignUp("a@example.com", std::string(129, 'x'), ""),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("password:")));
  EXPECT_THAT(accounts_.SignUp("a@example.com", "1234567890", ""), IsOk());
  EXPECT_THAT(accounts_.SignUp("b@example.com", std::string(128, 'x'), ""), IsOk());
  // Characters, not bytes: ten Polish letters are twenty bytes, 128 are 256.
  EXPECT_THAT(ValidatePassword("ąęśćżźńółą"), IsOk());
  std::string long_polish;
  for (int i = 0; i < 128; ++i) long_polish += "ą";
  EXPECT_THAT(ValidatePassword(long_polish), IsOk());
  EXPECT_THAT(ValidatePassword("ąęśćżźńół"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(AccountManagerTest, SignUpChecksAndNormalisesTheEmail) {
  EXPECT_THAT(accounts_.SignUp("", kPassword, ""),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("email:")));
  EXPECT_THAT(accounts_.SignUp("not-an-address", kPassword, ""),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("email:")));
  NewSession session = SignUp("  Jan.Kowalski@Example.PL ");
  EXPECT_EQ(session.owner.email, "jan.kowalski@example.pl");
  EXPECT_TRUE(session.owner.password_hash.empty());
  EXPECT_THAT(accounts_.SignUp("jan.kowalski@example.pl", "another password", ""),
              StatusIs(absl::StatusCode::kAlreadyExists, StartsWith("email:")));
}

TEST_F(AccountManagerTest, PasswordIsStoredAsArgon2idHashOnly) {
  SignUp("owner@example.com");
  ASSERT_OK_AND_ASSIGN(std::optional<Owner> owner, storage_.FindOwnerByEmail("owner@example.com"));
  ASSERT_TRUE(owner.has_value());
  EXPECT_THAT(owner->password_hash, StartsWith("$argon2id$"));
  EXPECT_THAT(owner->password_hash, Not(HasSubstr(kPassword)));
}

TEST_F(AccountManagerTest, LogInAnswersAlikeForUnknownEmailAndWrongPassword) {
  SignUp("owner@example.com");
  absl::Status wrong_password = accounts_.LogIn("owner@example.com", "wrong password", "").status();
  absl::Status unknown = accounts_.LogIn("nobody@example.com", kPassword, "").status();
  EXPECT_THAT(wrong_password, StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(wrong_password, unknown);
  ASSERT_OK_AND_ASSIGN(NewSession session, accounts_.LogIn("OWNER@example.com", kPassword, ""));
  EXPECT_EQ(session.owner.email, "owner@example.com");
}

TEST_F(AccountManagerTest, SessionTokenIsRandomAndStoredHashed) {
  NewSession first = SignUp("owner@example.com");
  ASSERT_OK_AND_ASSIGN(NewSession second, accounts_.LogIn("owner@example.com", kPassword, ""));
  // 192 random bits in base64url.
  EXPECT_EQ(first.session_token.size(), 32u);
  EXPECT_NE(first.session_token, second.session_token);
  EXPECT_NE(first.csrf_token, second.csrf_token);
  ASSERT_OK_AND_ASSIGN(std::optional<OwnerSession> stored,
                       storage_.FindSession(CredentialHash(first.session_token)));
  ASSERT_TRUE(stored.has_value());
  ASSERT_OK_AND_ASSIGN(std::optional<OwnerSession> by_token,
                       storage_.FindSession(first.session_token));
  EXPECT_FALSE(by_token.has_value());
}

TEST_F(AccountManagerTest, SessionEndsWhenIdleForADay) {
  NewSession session = SignUp("owner@example.com");
  EXPECT_EQ(session.expire_time, kStart + kSessionIdleTimeout);
  clock_.Advance(kSessionIdleTimeout - absl::Seconds(1));
  ASSERT_OK_AND_ASSIGN(ActingOwner acting, accounts_.Authenticate(session.session_token));
  EXPECT_EQ(acting.owner.email, "owner@example.com");
  // That use moved the idle deadline.
  EXPECT_EQ(acting.expire_time, clock_.Now() + kSessionIdleTimeout);
  clock_.Advance(kSessionIdleTimeout);
  EXPECT_THAT(accounts_.Authenticate(session.session_token),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(AccountManagerTest, SessionEndsAfterThirtyDaysHoweverBusy) {
  NewSession session = SignUp("owner@example.com");
  for (int hours = 0; hours + 12 < 30 * 24; hours += 12) {
    clock_.Advance(absl::Hours(12));
    ASSERT_THAT(accounts_.Authenticate(session.session_token), IsOk()) << hours;
  }
  clock_.Set(kStart + kSessionLifetime);
  EXPECT_THAT(accounts_.Authenticate(session.session_token),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(AccountManagerTest, UseIsWrittenAtMostOnceAMinute) {
  NewSession session = SignUp("owner@example.com");
  const std::string hash = CredentialHash(session.session_token);
  clock_.Advance(absl::Seconds(59));
  ASSERT_THAT(accounts_.Authenticate(session.session_token), IsOk());
  ASSERT_OK_AND_ASSIGN(std::optional<OwnerSession> stored, storage_.FindSession(hash));
  EXPECT_EQ(stored->last_use_time, kStart);
  clock_.Advance(absl::Seconds(1));
  ASSERT_THAT(accounts_.Authenticate(session.session_token), IsOk());
  ASSERT_OK_AND_ASSIGN(stored, storage_.FindSession(hash));
  EXPECT_EQ(stored->last_use_time, kStart + absl::Minutes(1));
}

TEST_F(AccountManagerTest, UnknownCredentialsAreUnauthenticated) {
  SignUp("owner@example.com");
  EXPECT_THAT(accounts_.Authenticate(""), StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(accounts_.Authenticate("made-up-session-token-0123456789"),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(accounts_.Authenticate("opat_made-up-access-token-012345"),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(AccountManagerTest, LogOutEndsTheSessionOnly) {
  NewSession first = SignUp("owner@example.com");
  ASSERT_OK_AND_ASSIGN(NewSession second, accounts_.LogIn("owner@example.com", kPassword, ""));
  EXPECT_THAT(accounts_.LogOut(first.session_token, "wrong"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(accounts_.LogOut(first.session_token, first.csrf_token), IsOk());
  EXPECT_THAT(accounts_.Authenticate(first.session_token),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(accounts_.Authenticate(second.session_token), IsOk());
}

TEST_F(AccountManagerTest, CsrfTokenIsDerivedFromTheSessionAndChecked) {
  NewSession session = SignUp("owner@example.com");
  EXPECT_EQ(session.csrf_token, CsrfTokenFor(session.session_token));
  EXPECT_NE(session.csrf_token, session.session_token);
  EXPECT_TRUE(CsrfTokenMatches(session.session_token, session.csrf_token));
  EXPECT_FALSE(CsrfTokenMatches(session.session_token, ""));
  ASSERT_OK_AND_ASSIGN(ActingOwner acting, accounts_.Authenticate(session.session_token));
  EXPECT_EQ(acting.csrf_token, session.csrf_token);

  // Reading needs no CSRF token; changing needs the session's own.
  EXPECT_THAT(accounts_.ActFor(session.session_token, "", /*changes=*/false), IsOk());
  EXPECT_THAT(accounts_.ActFor(session.session_token, "", /*changes=*/true),
              StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_OK_AND_ASSIGN(NewSession other, accounts_.LogIn("owner@example.com", kPassword, ""));
  EXPECT_THAT(accounts_.ActFor(session.session_token, other.csrf_token, /*changes=*/true),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(accounts_.ActFor(session.session_token, session.csrf_token, /*changes=*/true),
              IsOk());
}

TEST_F(AccountManagerTest, AccessTokensWorkWithoutCsrfUntilRevokedOrExpired) {
  NewSession session = SignUp("owner@example.com");
  ASSERT_OK_AND_ASSIGN(AccessTokenGrant grant,
                       accounts_.CreateAccessToken(Acting(session), " deploy script ", 0));
  EXPECT_THAT(grant.secret, StartsWith(kAccessTokenPrefix));
  EXPECT_EQ(grant.token.name, "deploy script");
  EXPECT_EQ(grant.token.expire_time, kStart + absl::Hours(24 * kDefaultAccessTokenDays));
  EXPECT_FALSE(grant.token.last_use_time.has_value());

  ASSERT_OK_AND_ASSIGN(ActingOwner acting, accounts_.ActFor(grant.secret, "", /*changes=*/true));
  EXPECT_EQ(acting.owner.id, session.owner.id);
  EXPECT_FALSE(acting.is_session());
  EXPECT_THAT(accounts_.LogOut(grant.secret, ""), StatusIs(absl::StatusCode::kFailedPrecondition));

  ASSERT_OK_AND_ASSIGN(std::vector<AccessToken> tokens,
                       accounts_.ListAccessTokens(session.owner.id));
  ASSERT_THAT(tokens, SizeIs(1));
  EXPECT_EQ(tokens[0].last_use_time, kStart);

  EXPECT_THAT(accounts_.RevokeAccessToken(Acting(session), grant.token.id), IsOk());
  EXPECT_THAT(accounts_.Authenticate(grant.secret), StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(accounts_.RevokeAccessToken(Acting(session), grant.token.id),
              StatusIs(absl::StatusCode::kNotFound));

  ASSERT_OK_AND_ASSIGN(AccessTokenGrant short_lived,
                       accounts_.CreateAccessToken(Acting(session), "one day", 1));
  clock_.Advance(absl::Hours(24));
  EXPECT_THAT(accounts_.Authenticate(short_lived.secret),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

// A leaked token must not renew itself for good nor lock its owner's other
// tools out: only a session manages tokens.
TEST_F(AccountManagerTest, AnAccessTokenCannotMintOrRevokeTokens) {
  NewSession session = SignUp("owner@example.com");
  ASSERT_OK_AND_ASSIGN(AccessTokenGrant first,
                       accounts_.CreateAccessToken(Acting(session), "a", 0));
  ASSERT_OK_AND_ASSIGN(AccessTokenGrant second,
                       accounts_.CreateAccessToken(Acting(session), "b", 0));
  ASSERT_OK_AND_ASSIGN(ActingOwner token, accounts_.ActFor(first.secret, "", /*changes=*/true));
  EXPECT_THAT(accounts_.CreateAccessToken(token, "renewed", 365),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(accounts_.RevokeAccessToken(token, second.token.id),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(accounts_.Authenticate(second.secret), IsOk());
}

TEST_F(AccountManagerTest, AccessTokenNameAndLifetimeAreChecked) {
  NewSession session = SignUp("owner@example.com");
  EXPECT_THAT(accounts_.CreateAccessToken(Acting(session), " ", 0),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("name:")));
  EXPECT_THAT(accounts_.CreateAccessToken(Acting(session), std::string(101, 'n'), 0),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("name:")));
  EXPECT_THAT(accounts_.CreateAccessToken(Acting(session), "ci", 366),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("lifetime_days:")));
  EXPECT_THAT(accounts_.CreateAccessToken(Acting(session), "ci", -1),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("lifetime_days:")));
  EXPECT_THAT(accounts_.CreateAccessToken(Acting(session), "ci", 365), IsOk());
}

TEST_F(AccountManagerTest, OwnersCannotRevokeEachOthersTokens) {
  NewSession a = SignUp("a@example.com");
  NewSession b = SignUp("b@example.com");
  ASSERT_OK_AND_ASSIGN(AccessTokenGrant grant, accounts_.CreateAccessToken(Acting(a), "ci", 0));
  EXPECT_THAT(accounts_.RevokeAccessToken(Acting(b), grant.token.id),
              StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(std::vector<AccessToken> of_b, accounts_.ListAccessTokens(b.owner.id));
  EXPECT_TRUE(of_b.empty());
  EXPECT_THAT(accounts_.Authenticate(grant.secret), IsOk());
}

// Five wrong passwords from one address lock that address out of the account
// for the window, and only that address: the real owner elsewhere logs in.
TEST_F(AccountManagerTest, FiveFailuresFromOneAddressLockThatPairNotTheOwner) {
  SignUp("owner@example.com");
  for (int i = 0; i < kMaxFailedLogInsPerAccount; ++i) {
    ASSERT_THAT(accounts_.LogIn("owner@example.com", "wrong password", kAddress),
                StatusIs(absl::StatusCode::kUnauthenticated));
    clock_.Advance(absl::Minutes(1));
  }
  // Even the right password waits there, and the message says how long.
  EXPECT_THAT(accounts_.LogIn("owner@example.com", kPassword, kAddress),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("try again in 10 minutes")));
  EXPECT_THAT(accounts_.LogIn("owner@example.com", kPassword, "198.51.100.1"), IsOk());
  clock_.Set(kStart + kLogInWindow + absl::Seconds(1));
  EXPECT_THAT(accounts_.LogIn("owner@example.com", kPassword, kAddress), IsOk());
}

// Guesses from many addresses slow the account down to a few a minute; the
// owner waits a minute at most, never the whole window.
TEST_F(AccountManagerTest, GuessesFromManyAddressesSlowTheAccountDownForAMinute) {
  SignUp("owner@example.com");
  for (int i = 0; i < kMaxFailedLogInsPerAccount; ++i) {
    ASSERT_THAT(
        accounts_.LogIn("owner@example.com", "wrong password", absl::StrCat("203.0.113.", i)),
        StatusIs(absl::StatusCode::kUnauthenticated));
  }
  EXPECT_THAT(accounts_.LogIn("owner@example.com", kPassword, "198.51.100.1"),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("try again in 1 minute")));
  clock_.Advance(kAccountSlowDownWindow + absl::Seconds(1));
  EXPECT_THAT(accounts_.LogIn("owner@example.com", kPassword, "198.51.100.1"), IsOk());
}

TEST_F(AccountManagerTest, SuccessClearsTheAccountsFailures) {
  SignUp("owner@example.com");
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i + 1 < kMaxFailedLogInsPerAccount; ++i) {
      ASSERT_THAT(accounts_.LogIn("owner@example.com", "wrong password", ""),
                  StatusIs(absl::StatusCode::kUnauthenticated));
    }
    ASSERT_THAT(accounts_.LogIn("owner@example.com", kPassword, ""), IsOk()) << round;
  }
}

TEST_F(AccountManagerTest, TwentyFailuresFromOneAddressLockThatAddress) {
  for (int i = 0; i < kMaxFailedLogInsPerAddress; ++i) {
    ASSERT_THAT(accounts_.LogIn(absl::StrCat("guess", i, "@example.com"), kPassword, kAddress),
                StatusIs(absl::StatusCode::kUnauthenticated));
  }
  SignUp("owner@example.com");
  EXPECT_THAT(accounts_.LogIn("owner@example.com", kPassword, kAddress),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("this address")));
  EXPECT_THAT(accounts_.LogIn("owner@example.com", kPassword, "198.51.100.1"), IsOk());
}

TEST_F(AccountManagerTest, SignUpsAreLimitedPerAddress) {
  for (int i = 0; i < kMaxSignUpsPerAddress; ++i) {
    ASSERT_THAT(accounts_.SignUp(absl::StrCat("o", i, "@example.com"), kPassword, kAddress),
                IsOk());
  }
  EXPECT_THAT(accounts_.SignUp("one-more@example.com", kPassword, kAddress),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("try again in 60 minutes")));
  EXPECT_THAT(accounts_.SignUp("one-more@example.com", kPassword, "198.51.100.1"), IsOk());
  clock_.Advance(kSignUpWindow + absl::Seconds(1));
  EXPECT_THAT(accounts_.SignUp("later@example.com", kPassword, kAddress), IsOk());
}

TEST_F(AccountManagerTest, SignUpMailsALinkThatConfirmsTheEmailOnce) {
  const NewSession session = SignUp("Nowa@Example.com");
  EXPECT_THAT(session.confirmation_mail, IsOk());
  EXPECT_FALSE(session.owner.email_confirm_time.has_value());
  ASSERT_THAT(mailer_.sent(), SizeIs(1));
  EXPECT_EQ(mailer_.sent()[0].first, "nowa@example.com");
  const std::string token = mailer_.sent()[0].second;
  EXPECT_FALSE(Acting(session).owner.email_confirm_time.has_value());

  clock_.Advance(absl::Hours(2));
  ASSERT_OK_AND_ASSIGN(Owner confirmed, accounts_.ConfirmEmail(token));
  EXPECT_EQ(confirmed.email, "nowa@example.com");
  EXPECT_EQ(confirmed.email_confirm_time, clock_.Now());
  EXPECT_TRUE(confirmed.password_hash.empty());
  EXPECT_EQ(Acting(session).owner.email_confirm_time, clock_.Now());
  // A link works once; the store kept only its hash.
  EXPECT_THAT(accounts_.ConfirmEmail(token).status(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(accounts_.ConfirmEmail(Sha256(token)).status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(accounts_.ConfirmEmail("").status(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(accounts_.ResendEmailConfirmation(Acting(session)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(AccountManagerTest, AnExpiredOrReplacedLinkConfirmsNothing) {
  SignUp("nowa@example.com");
  ASSERT_THAT(mailer_.sent(), SizeIs(1));
  clock_.Advance(kEmailConfirmationLifetime);
  EXPECT_THAT(accounts_.ConfirmEmail(mailer_.sent()[0].second).status(),
              StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(const NewSession session,
                       accounts_.LogIn("nowa@example.com", kPassword, kAddress));

  ASSERT_THAT(accounts_.ResendEmailConfirmation(Acting(session)), IsOk());
  ASSERT_THAT(mailer_.sent(), SizeIs(2));
  ASSERT_THAT(accounts_.ResendEmailConfirmation(Acting(session)), IsOk());
  ASSERT_THAT(mailer_.sent(), SizeIs(3));
  // The second link replaced by the third.
  EXPECT_THAT(accounts_.ConfirmEmail(mailer_.sent()[1].second).status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(accounts_.ConfirmEmail(mailer_.sent()[2].second), IsOk());
}

TEST_F(AccountManagerTest, ConfirmationMailsAreLimitedPerAccountAnHour) {
  const NewSession session = SignUp("nowa@example.com");
  for (int i = 1; i < kMaxConfirmationMails; ++i) {
    ASSERT_THAT(accounts_.ResendEmailConfirmation(Acting(session)), IsOk());
  }
  EXPECT_THAT(accounts_.ResendEmailConfirmation(Acting(session)),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("try again in")));
  EXPECT_THAT(mailer_.sent(), SizeIs(kMaxConfirmationMails));
  // Another account has its own.
  const NewSession other = SignUp("inna@example.com");
  EXPECT_THAT(other.confirmation_mail, IsOk());
  clock_.Advance(kConfirmationMailWindow + absl::Seconds(1));
  EXPECT_THAT(accounts_.ResendEmailConfirmation(Acting(session)), IsOk());
}

TEST_F(AccountManagerTest, AMailThatCouldNotBeSentDoesNotFailTheSignUp) {
  mailer_.FailWith(absl::UnavailableError("connection refused"));
  absl::StatusOr<NewSession> session = accounts_.SignUp("nowa@example.com", kPassword, "");
  ASSERT_THAT(session, IsOk());
  EXPECT_THAT(session->confirmation_mail, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(accounts_.ResendEmailConfirmation(Acting(*session)),
              StatusIs(absl::StatusCode::kUnavailable));
  mailer_.FailWith(absl::OkStatus());
  ASSERT_THAT(accounts_.ResendEmailConfirmation(Acting(*session)), IsOk());
  ASSERT_THAT(mailer_.sent(), SizeIs(1));
  EXPECT_THAT(accounts_.ConfirmEmail(mailer_.sent()[0].second), IsOk());
}

}  // namespace
}  // namespace opinus::server
