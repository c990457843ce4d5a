// The account store against a real MariaDB: owners with unique e-mails,
// sessions and access tokens kept by hash, the attempts the login limits
// count, links confirming e-mails, and shops that belong to owners.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/domain/digest.h"
#include "tests/integration/mysql_storage_fixture.h"

namespace opinus::server {
namespace {

class MysqlAccountStoreTest : public MysqlStorageTest {
 protected:
  Owner CreateOwner(const std::string& email) {
    Owner owner;
    owner.email = email;
    owner.password_hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA";
    owner.create_time = clock_.now;
    absl::StatusOr<Owner> created = accounts_->CreateOwner(owner);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.value_or(Owner{});
  }
};

TEST_F(MysqlAccountStoreTest, OwnerRoundTripsAndEmailIsUnique) {
  Owner owner = CreateOwner("jan@example.pl");
  EXPECT_GT(owner.id, 0);
  absl::StatusOr<Owner> loaded = accounts_->GetOwner(owner.id);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->email, "jan@example.pl");
  EXPECT_EQ(loaded->password_hash, owner.password_hash);
  EXPECT_EQ(loaded->create_time, clock_.now);
  absl::StatusOr<std::optional<Owner>> found = accounts_->FindOwnerByEmail("jan@example.pl");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, owner.id);
  EXPECT_FALSE(accounts_->FindOwnerByEmail("ewa@example.pl")->has_value());
  EXPECT_EQ(accounts_->GetOwner(owner.id + 1).status().code(), absl::StatusCode::kNotFound);

  Owner again;
  again.email = "jan@example.pl";
  again.password_hash = "x";
  again.create_time = clock_.now;
  EXPECT_EQ(accounts_->CreateOwner(again).status().code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(MysqlAccountStoreTest, AnEmailIsConfirmedOnceByItsLatestUnexpiredLink) {
  const Owner jan = CreateOwner("jan@example.pl");
  const Owner ewa = CreateOwner("ewa@example.pl");
  EXPECT_FALSE(jan.email_confirm_time.has_value());
  absl::StatusOr<std::map<OwnerId, OwnerHold>> held = accounts_->HeldOwners({jan.id, ewa.id});
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_EQ(*held, (std::map<OwnerId, OwnerHold>{{jan.id, OwnerHold::kUnconfirmed},
                                                 {ewa.id, OwnerHold::kUnconfirmed}}));
  EXPECT_EQ(accounts_->SetEmailConfirmation(ewa.id + 1, Sha256("x"), clock_.now).code(),
            absl::StatusCode::kNotFound);

  const absl::Time expires = clock_.now + absl::Hours(1);
  ASSERT_TRUE(accounts_->SetEmailConfirmation(jan.id, Sha256("first"), expires).ok());
  ASSERT_TRUE(accounts_->SetEmailConfirmation(jan.id, Sha256("second"), expires).ok());
  ASSERT_TRUE(accounts_->SetEmailConfirmation(ewa.id, Sha256("ewa"), expires).ok());
  // The first link was replaced; an expired one confirms nothing.
  EXPECT_EQ(accounts_->ConfirmEmail(Sha256("first"), clock_.now).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(accounts_->ConfirmEmail(Sha256("ewa"), expires).status().code(),
            absl::StatusCode::kNotFound);

  absl::StatusOr<Owner> confirmed = accounts_->ConfirmEmail(Sha256("second"), clock_.now);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status();
  EXPECT_EQ(confirmed->id, jan.id);
  EXPECT_EQ(confirmed->email_confirm_time, clock_.now);
  EXPECT_EQ(accounts_->GetOwner(jan.id)->email_confirm_time, clock_.now);
  EXPECT_EQ(accounts_->ConfirmEmail(Sha256("second"), clock_.now).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(*accounts_->HeldOwners({jan.id, ewa.id}),
            (std::map<OwnerId, OwnerHold>{{ewa.id, OwnerHold::kUnconfirmed}}));
  EXPECT_TRUE(accounts_->HeldOwners({})->empty());

  // A new link for a confirmed owner keeps the first confirmation's time.
  ASSERT_TRUE(accounts_->SetEmailConfirmation(jan.id, Sha256("third"), expires).ok());
  EXPECT_EQ(
      accounts_->ConfirmEmail(Sha256("third"), clock_.now + absl::Minutes(5))->email_confirm_time,
      clock_.now);
}

TEST_F(MysqlAccountStoreTest, SessionIsFoundByHashTouchedAndDeleted) {
  Owner owner = CreateOwner("jan@example.pl");
  OwnerSession session;
  session.token_hash = Sha256("session token");
  session.owner_id = owner.id;
  session.create_time = clock_.now;
  session.last_use_time = clock_.now;
  session.expire_time = clock_.now + absl::Hours(720);
  ASSERT_TRUE(accounts_->CreateSession(session).ok());

  absl::StatusOr<std::optional<OwnerSession>> found = accounts_->FindSession(session.token_hash);
  ASSERT_TRUE(found.ok() && found->has_value()) << found.status();
  EXPECT_EQ((*found)->owner_id, owner.id);
  EXPECT_EQ((*found)->expire_time, session.expire_time);
  EXPECT_FALSE(accounts_->FindSession(Sha256("other"))->has_value());

  ASSERT_TRUE(accounts_->TouchSession(session.token_hash, clock_.now + absl::Minutes(5)).ok());
  EXPECT_EQ((*accounts_->FindSession(session.token_hash))->last_use_time,
            clock_.now + absl::Minutes(5));
  ASSERT_TRUE(accounts_->DeleteSession(session.token_hash).ok());
  EXPECT_FALSE(accounts_->FindSession(session.token_hash)->has_value());
  EXPECT_TRUE(accounts_->DeleteSession(session.token_hash).ok());
}

TEST_F(MysqlAccountStoreTest, NewSessionDropsTheOwnersEndedOnes) {
  Owner owner = CreateOwner("jan@example.pl");
  OwnerSession old;
  old.token_hash = Sha256("old");
  old.owner_id = owner.id;
  old.create_time = clock_.now - absl::Hours(800);
  old.last_use_time = old.create_time;
  old.expire_time = old.create_time + absl::Hours(720);
  ASSERT_TRUE(accounts_->CreateSession(old).ok());
  OwnerSession fresh = old;
  fresh.token_hash = Sha256("fresh");
  fresh.create_time = clock_.now;
  fresh.last_use_time = clock_.now;
  fresh.expire_time = clock_.now + absl::Hours(720);
  ASSERT_TRUE(accounts_->CreateSession(fresh).ok());
  EXPECT_FALSE(accounts_->FindSession(old.token_hash)->has_value());
  EXPECT_TRUE(accounts_->FindSession(fresh.token_hash)->has_value());
}

TEST_F(MysqlAccountStoreTest, AccessTokensAreListedTouchedAndDeletedByTheirOwnerOnly) {
  Owner jan = CreateOwner("jan@example.pl");
  Owner ewa = CreateOwner("ewa@example.pl");
  AccessToken token;
  token.owner_id = jan.id;
  token.name = "skrypt wdrożeniowy";
  token.token_hash = Sha256("opat_secret");
  token.create_time = clock_.now;
  token.expire_time = clock_.now + absl::Hours(24 * 90);
  absl::StatusOr<AccessToken> created = accounts_->CreateAccessToken(token);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_GT(created->id, 0);

  absl::StatusOr<std::optional<AccessToken>> found = accounts_->FindAccessToken(token.token_hash);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->name, "skrypt wdrożeniowy");
  EXPECT_FALSE((*found)->last_use_time.has_value());
  ASSERT_TRUE(accounts_->TouchAccessToken(created->id, clock_.now + absl::Hours(1)).ok());

  absl::StatusOr<std::vector<AccessToken>> of_jan = accounts_->ListAccessTokens(jan.id);
  ASSERT_TRUE(of_jan.ok());
  ASSERT_EQ(of_jan->size(), 1u);
  EXPECT_EQ((*of_jan)[0].last_use_time, clock_.now + absl::Hours(1));
  EXPECT_EQ((*of_jan)[0].expire_time, token.expire_time);
  EXPECT_TRUE(accounts_->ListAccessTokens(ewa.id)->empty());

  EXPECT_EQ(accounts_->DeleteAccessToken(ewa.id, created->id).code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(accounts_->DeleteAccessToken(jan.id, created->id).ok());
  EXPECT_FALSE(accounts_->FindAccessToken(token.token_hash)->has_value());
  EXPECT_EQ(accounts_->DeleteAccessToken(jan.id, created->id).code(), absl::StatusCode::kNotFound);
}

TEST_F(MysqlAccountStoreTest, AttemptsAreCountedPerEmailAndAddressWithinTheWindow) {
  const absl::Time t0 = clock_.now;
  const absl::Time forget = t0 - absl::Hours(24);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(accounts_
                    ->RecordAttempt(AttemptKind::kFailedLogIn, "jan@example.pl", "203.0.113.7",
                                    t0 + absl::Minutes(i), forget)
                    .ok());
  }
  ASSERT_TRUE(accounts_
                  ->RecordAttempt(AttemptKind::kFailedLogIn, "ewa@example.pl", "203.0.113.7",
                                  t0 + absl::Minutes(5), forget)
                  .ok());
  ASSERT_TRUE(
      accounts_->RecordAttempt(AttemptKind::kSignUp, "jan@example.pl", "203.0.113.7", t0, forget)
          .ok());

  absl::StatusOr<AttemptCount> jan =
      accounts_->CountAttempts(AttemptKind::kFailedLogIn, {"jan@example.pl", ""}, t0);
  ASSERT_TRUE(jan.ok()) << jan.status();
  EXPECT_EQ(jan->count, 3);
  EXPECT_EQ(jan->oldest, t0);
  EXPECT_EQ(
      accounts_
          ->CountAttempts(AttemptKind::kFailedLogIn, {"jan@example.pl", ""}, t0 + absl::Minutes(1))
          ->count,
      2);
  absl::StatusOr<AttemptCount> address =
      accounts_->CountAttempts(AttemptKind::kFailedLogIn, {"", "203.0.113.7"}, t0);
  EXPECT_EQ(address->count, 4);
  EXPECT_EQ(accounts_->CountAttempts(AttemptKind::kSignUp, {"", "203.0.113.7"}, t0)->count, 1);
  EXPECT_EQ(accounts_->CountAttempts(AttemptKind::kFailedLogIn, {"", "198.51.100.1"}, t0)->count,
            0);

  ASSERT_TRUE(accounts_->ClearAttempts(AttemptKind::kFailedLogIn, "jan@example.pl").ok());
  EXPECT_EQ(accounts_->CountAttempts(AttemptKind::kFailedLogIn, {"jan@example.pl", ""}, t0)->count,
            0);
  EXPECT_EQ(accounts_->CountAttempts(AttemptKind::kFailedLogIn, {"", "203.0.113.7"}, t0)->count, 1);
  EXPECT_EQ(accounts_->CountAttempts(AttemptKind::kSignUp, {"jan@example.pl", ""}, t0)->count, 1);

  // A day later the old attempts are forgotten as new ones come.
  const absl::Time later = t0 + absl::Hours(25);
  ASSERT_TRUE(accounts_
                  ->RecordAttempt(AttemptKind::kFailedLogIn, "ewa@example.pl", "203.0.113.7", later,
                                  later - absl::Hours(24))
                  .ok());
  EXPECT_EQ(
      accounts_->CountAttempts(AttemptKind::kFailedLogIn, {"", "203.0.113.7"}, absl::InfinitePast())
          ->count,
      1);
}

TEST_F(MysqlAccountStoreTest, ShopsBelongToOwnersAndListByOwner) {
  Owner jan = CreateOwner("jan@example.pl");
  Owner ewa = CreateOwner("ewa@example.pl");
  absl::StatusOr<Shop> of_jan = manager_->CreateShop("Ceramika", "ceramika.shoparena.pl", "", jan);
  ASSERT_TRUE(of_jan.ok()) << of_jan.status();
  EXPECT_EQ(of_jan->owner_id, jan.id);
  EXPECT_EQ(of_jan->owner_email, "jan@example.pl");
  ASSERT_TRUE(manager_->CreateShop("Szkło", "szklo.shoparena.pl", "biuro@szklo.pl", ewa).ok());
  Shop nobodys = CreateShop();
  EXPECT_EQ(nobodys.owner_id, 0);

  absl::StatusOr<Page<Shop>> jans = shops_->ListShops(jan.id, PageRequest{});
  ASSERT_TRUE(jans.ok()) << jans.status();
  ASSERT_EQ(jans->items.size(), 1u);
  EXPECT_EQ(jans->items[0].name, "Ceramika");
  EXPECT_EQ(shops_->ListShops(std::nullopt, PageRequest{})->items.size(), 3u);
  EXPECT_EQ(manager_->GetOwnedShop(of_jan->id, ewa.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(manager_->GetOwnedShop(of_jan->id, jan.id).ok());
  EXPECT_TRUE(manager_->GetOwnedShop(of_jan->id, std::nullopt).ok());
}

}  // namespace
}  // namespace opinus::server
