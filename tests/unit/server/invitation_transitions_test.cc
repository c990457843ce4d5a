// Every (state, event, e-mail) of an invitation against the table written
// out once more here, so that a changed rule is a deliberate change of both.
#include "server/domain/invitation_transitions.h"

#include <map>
#include <optional>
#include <tuple>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::StatusIs;
using ::testing::HasSubstr;
using Event = InvitationEvent;
using State = InvitationState;

constexpr State kStates[] = {State::kScheduled, State::kCancelled, State::kSent,
                             State::kSending,   State::kFailed,    State::kSuppressed,
                             State::kReviewed,  State::kBounced};
constexpr Event kEvents[] = {Event::kClaim,       Event::kAccept, Event::kGiveBack, Event::kGiveUp,
                             Event::kSuppress,    Event::kCancel, Event::kResend,   Event::kReview,
                             Event::kUnsubscribe, Event::kBounce};
constexpr MailKind kMails[] = {MailKind::kInvitation, MailKind::kReminder};

TEST(InvitationTransitionsTest, EveryStateEventAndMailIsAllowedOnlyAsTheTableSays) {
  const MailKind first = MailKind::kInvitation;
  const MailKind reminder = MailKind::kReminder;
  const std::map<std::tuple<State, Event, MailKind>, State> allowed = {
      {{State::kScheduled, Event::kClaim, first}, State::kSending},
      {{State::kSent, Event::kClaim, reminder}, State::kSending},
      {{State::kSending, Event::kClaim, first}, State::kSending},
      {{State::kSending, Event::kClaim, reminder}, State::kSending},
      {{State::kSending, Event::kAccept, first}, State::kSent},
      {{State::kSending, Event::kAccept, reminder}, State::kSent},
      {{State::kSending, Event::kGiveBack, first}, State::kScheduled},
      {{State::kSending, Event::kGiveBack, reminder}, State::kSent},
      {{State::kSending, Event::kGiveUp, first}, State::kFailed},
      {{State::kSending, Event::kGiveUp, reminder}, State::kSent},
      {{State::kSending, Event::kSuppress, first}, State::kSuppressed},
      {{State::kSending, Event::kSuppress, reminder}, State::kSuppressed},
      {{State::kScheduled, Event::kCancel, first}, State::kCancelled},
      {{State::kSending, Event::kCancel, first}, State::kCancelled},
      {{State::kSending, Event::kCancel, reminder}, State::kSent},
      {{State::kSent, Event::kCancel, reminder}, State::kSent},
      {{State::kFailed, Event::kResend, first}, State::kScheduled},
      {{State::kCancelled, Event::kResend, first}, State::kScheduled},
      {{State::kSent, Event::kReview, reminder}, State::kReviewed},
      {{State::kSending, Event::kReview, reminder}, State::kReviewed},
      {{State::kSent, Event::kUnsubscribe, reminder}, State::kSuppressed},
      {{State::kSending, Event::kUnsubscribe, reminder}, State::kSuppressed},
      {{State::kSent, Event::kBounce, reminder}, State::kBounced},
      {{State::kSending, Event::kBounce, reminder}, State::kBounced},
  };
  int pairs = 0;
  for (State state : kStates) {
    for (Event event : kEvents) {
      for (MailKind mail : kMails) {
        ++pairs;
        auto it = allowed.find({state, event, mail});
        const std::optional<State> expected =
            it == allowed.end() ? std::nullopt : std::optional<State>(it->second);
        EXPECT_EQ(NextState(state, event, mail), expected)
            << InvitationStateName(state) << " on " << InvitationEventName(event) << " ("
            << (mail == first ? "invitation" : "reminder") << ")";
      }
    }
  }
  EXPECT_EQ(pairs, 8 * 10 * 2);
  EXPECT_EQ(InvitationRules().size(), allowed.size());
}

TEST(InvitationTransitionsTest, OnlyFailedOrCancelledInvitationsAreResent) {
  Invitation invitation;
  invitation.id = 7;
  for (State state : kStates) {
    invitation.state = state;
    const bool resendable = state == State::kFailed || state == State::kCancelled;
    EXPECT_EQ(CheckTransition(invitation, Event::kResend).ok(), resendable)
        << InvitationStateName(state);
  }
  invitation.state = State::kSent;
  EXPECT_THAT(CheckTransition(invitation, Event::kResend),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("invitation 7 is sent")));
}

TEST(InvitationTransitionsTest, ACancelAfterTheMailLeftSaysItCameTooLate) {
  Invitation invitation;
  invitation.id = 7;
  invitation.state = State::kSent;
  invitation.sent_time = absl::FromUnixSeconds(1716000000);
  EXPECT_THAT(CheckTransition(invitation, Event::kCancel),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "cancelled too late: the invitation left at 2024-05-18 02:40:00 UTC"));
  invitation.reminder_time = absl::FromUnixSeconds(1716500000);
  EXPECT_EQ(*CheckTransition(invitation, Event::kCancel), State::kSent);
  invitation.state = State::kReviewed;
  EXPECT_THAT(CheckTransition(invitation, Event::kCancel),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("cancelled too late")));
}

}  // namespace
}  // namespace opinus::server
