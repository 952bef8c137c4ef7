package types

import (
	"fmt"
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
)

// Default parameter values, as in DESIGN.md (x/dao).
const (
	DefaultLockDenom                 = "uaitbc"
	DefaultUnlockPeriod              = 21 * 24 * time.Hour
	DefaultTWASWindow                = 24 * time.Hour
	DefaultVesting                   = 7 * 24 * time.Hour
	DefaultMaxUnlocksPerBlock        = 100
	DefaultMaxVestingUpdatesPerBlock = 1000
	DefaultMaxUnlockEntries          = 16

	DefaultMaxTitleLength           = 140
	DefaultMaxSummaryLength         = 10_000
	DefaultMaxMetadataLength        = 2_048
	DefaultMaxMessages              = 16
	DefaultMaxConstitutionLength    = 65_536
	DefaultMaxChallengeReasonLength = 2_048
	DefaultMaxProposalsPerBlock     = 100
	DefaultCommitteeTerm            = 365 * 24 * time.Hour
	DefaultMaxCommitteeSize         = 21

	// DefaultMaxExecutionGas is the gas a proposal's messages may use
	// together: ample for parameter changes, upgrades and spends, far
	// below what would stall an EndBlock.
	DefaultMaxExecutionGas uint64 = 20_000_000
	// MaxExecutionGasCeiling bounds max_execution_gas: execution runs in
	// EndBlock, which no block gas limit meters.
	MaxExecutionGasCeiling uint64 = 200_000_000

	// MaxPerBlockCeiling bounds every per-block limit param
	// (max_unlocks_per_block, max_vesting_updates_per_block,
	// max_proposals_per_block, max_prunes_per_block): Begin/EndBlock work is not metered by the
	// block gas limit, so a proposal cannot raise it without bound.
	MaxPerBlockCeiling uint32 = 10_000

	// DefaultVoteRetention keeps an ended proposal's votes a month: time
	// for explorers and indexers to read them by query (the EventVote
	// events stay in the blocks); DefaultMaxPrunesPerBlock drains a
	// 10,000-vote proposal in 10 blocks.
	DefaultVoteRetention            = 30 * 24 * time.Hour
	DefaultMaxPrunesPerBlock uint32 = 1000
	// MaxVoteRetention bounds vote_retention (0 keeps votes forever), so
	// the prune time stays a sane queue key.
	MaxVoteRetention = 10 * 365 * 24 * time.Hour
	// PruneRetryDelay is how long a proposal whose records EndBlock could
	// not prune waits before the next attempt.
	PruneRetryDelay = time.Hour

	// UnlockRetryDelay is how long an unlock entry that EndBlock could not
	// pay back waits before the next attempt; its tokens stay in the escrow.
	UnlockRetryDelay = time.Hour

	// MaxClassNameLength and MaxGroupNameLength bound class and electorate
	// group names (identifiers: a class name is a part of the proposals-by-
	// class index key). Message type URLs are bounded by ident.MaxLength.
	MaxClassNameLength = 64
	MaxGroupNameLength = 64

	day = 24 * time.Hour
)

// Proposal class names, as in DESIGN.md.
const (
	ClassRoutine      = "routine"
	ClassStandard     = "standard"
	ClassImportant    = "important"
	ClassMajor        = "major"
	ClassConstitution = "constitution"
	ClassEmergency    = "emergency"
)

// Electorate group names and their default shares of the outcome.
const (
	GroupHuman       = "human"
	GroupProvider    = "provider"
	GroupConsumer    = "consumer"
	GroupBuilder     = "builder"
	GroupCoordinator = "coordinator"
)

// AITBC converts whole tokens to uaitbc.
func AITBC(n int64) math.Int { return math.NewInt(n).MulRaw(1_000_000) }

// DefaultClasses is the governance rule table of DESIGN.md.
func DefaultClasses() []ProposalClass {
	half, third := math.LegacyNewDecWithPrec(5, 1), math.LegacyNewDecWithPrec(334, 3)
	bond := sdk.NewCoin(DefaultLockDenom, AITBC(1000))
	minPower := AITBC(100)
	class := func(name string, rank uint32, electorate Electorate, quorum, threshold math.LegacyDec, minP, defP, maxP time.Duration) ProposalClass {
		return ProposalClass{
			Name: name, Rank: rank, Electorate: electorate, Quorum: quorum, Threshold: threshold,
			VetoThreshold: third, MinVotingPeriod: minP, DefaultVotingPeriod: defP, MaxVotingPeriod: maxP,
			ChallengePeriod: 2 * day, ExecutionDelay: 2 * day, Bond: bond, MinProposerPower: minPower,
		}
	}
	// Late quorum: a quorum first reached in the last day leaves two days
	// to answer. Super-quorum: yes over half of all power (60 % for major,
	// 80 % for constitution, matching its threshold) ends voting early.
	late := func(c *ProposalClass, window, extension time.Duration, super math.LegacyDec) {
		c.LateQuorumWindow, c.LateQuorumExtension, c.SuperQuorum = window, extension, super
	}
	routine := class(ClassRoutine, 0, ELECTORATE_COMMITTEE, half, half, day, 7*day, 7*day)
	routine.ExecutionDelay = 0
	standard := class(ClassStandard, 1, ELECTORATE_TOKEN, math.LegacyNewDecWithPrec(10, 2), half, 7*day, 7*day, 14*day)
	important := class(ClassImportant, 2, ELECTORATE_TOKEN, math.LegacyNewDecWithPrec(30, 2), half, 14*day, 14*day, 21*day)
	major := class(ClassMajor, 3, ELECTORATE_TOKEN, math.LegacyNewDecWithPrec(40, 2), half, 21*day, 21*day, 21*day)
	constitution := class(ClassConstitution, 4, ELECTORATE_TOKEN, math.LegacyNewDecWithPrec(40, 2), math.LegacyNewDecWithPrec(80, 2), 21*day, 21*day, 21*day)
	constitution.ThresholdInclusive = true
	// Emergency carries what an important proposal may, in 3 days, and only
	// with 3 council approvals: fast but not easy.
	emergency := class(ClassEmergency, 2, ELECTORATE_TOKEN, math.LegacyNewDecWithPrec(10, 2), half, day, 3*day, 3*day)
	emergency.ChallengePeriod = 0
	emergency.ExecutionDelay = 0
	emergency.CouncilApprovals = 3
	// The committee votes by seat and may change its votes: no early end.
	late(&routine, 0, 0, math.LegacyZeroDec())
	late(&standard, day, 2*day, half)
	late(&important, day, 2*day, half)
	late(&major, day, 2*day, math.LegacyNewDecWithPrec(60, 2))
	late(&constitution, day, 2*day, math.LegacyNewDecWithPrec(80, 2))
	late(&emergency, 6*time.Hour, 12*time.Hour, half)
	return []ProposalClass{routine, standard, important, major, constitution, emergency}
}

// DefaultMessageClasses map the messages whose lowest class is not
// standard: dao params and committee changes are major, software upgrades
// important, the constitution needs a constitution proposal; x/sourcedao's
// project approvals and core developers are routine (committee).
func DefaultMessageClasses() []MessageClass {
	return []MessageClass{
		{TypeUrl: "/aitbc.dao.v1.MsgUpdateParams", Class: ClassMajor},
		{TypeUrl: "/aitbc.dao.v1.MsgUpdateCommittee", Class: ClassMajor},
		{TypeUrl: "/aitbc.dao.v1.MsgSetConstitution", Class: ClassConstitution},
		{TypeUrl: "/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade", Class: ClassImportant},
		{TypeUrl: "/cosmos.upgrade.v1beta1.MsgCancelUpgrade", Class: ClassImportant},
		// x/sourcedao: stages and DAN revocation are major, the committee
		// sets core developers and approves projects (x/sourcedao itself
		// asks an important proposal for budgets over its threshold).
		{TypeUrl: "/aitbc.sourcedao.v1.MsgUpdateParams", Class: ClassMajor},
		{TypeUrl: "/aitbc.sourcedao.v1.MsgAdvanceStage", Class: ClassMajor},
		{TypeUrl: "/aitbc.sourcedao.v1.MsgRevokeDan", Class: ClassMajor},
		{TypeUrl: "/aitbc.sourcedao.v1.MsgSetCoreDevelopers", Class: ClassRoutine},
		{TypeUrl: "/aitbc.sourcedao.v1.MsgApproveProject", Class: ClassRoutine},
	}
}

// DefaultGroupShares are the electorate groups' shares (60/20/10/7/3).
func DefaultGroupShares() []GroupShare {
	return []GroupShare{
		{Group: GroupHuman, Share: math.LegacyNewDecWithPrec(60, 2)},
		{Group: GroupProvider, Share: math.LegacyNewDecWithPrec(20, 2)},
		{Group: GroupConsumer, Share: math.LegacyNewDecWithPrec(10, 2)},
		{Group: GroupBuilder, Share: math.LegacyNewDecWithPrec(7, 2)},
		{Group: GroupCoordinator, Share: math.LegacyNewDecWithPrec(3, 2)},
	}
}

// DefaultMaxPowerFraction caps a single vote at 5 % of the total power.
var DefaultMaxPowerFraction = math.LegacyNewDecWithPrec(5, 2)

// DefaultParams returns the default x/dao params.
func DefaultParams() Params {
	return Params{
		LockDenom:                 DefaultLockDenom,
		UnlockPeriod:              DefaultUnlockPeriod,
		TwasWindow:                DefaultTWASWindow,
		Vesting:                   DefaultVesting,
		MaxPowerFraction:          DefaultMaxPowerFraction,
		MaxUnlocksPerBlock:        DefaultMaxUnlocksPerBlock,
		MaxVestingUpdatesPerBlock: DefaultMaxVestingUpdatesPerBlock,
		MaxUnlockEntries:          DefaultMaxUnlockEntries,
		Classes:                   DefaultClasses(),
		MessageClasses:            DefaultMessageClasses(),
		DefaultMessageClass:       ClassStandard,
		ChallengeBond:             sdk.NewCoin(DefaultLockDenom, AITBC(500)),
		MaxTitleLength:            DefaultMaxTitleLength,
		MaxSummaryLength:          DefaultMaxSummaryLength,
		MaxMetadataLength:         DefaultMaxMetadataLength,
		MaxMessages:               DefaultMaxMessages,
		MaxConstitutionLength:     DefaultMaxConstitutionLength,
		MaxChallengeReasonLength:  DefaultMaxChallengeReasonLength,
		MaxProposalsPerBlock:      DefaultMaxProposalsPerBlock,
		CommitteeTerm:             DefaultCommitteeTerm,
		MaxCommitteeSize:          DefaultMaxCommitteeSize,
		ElectorateGroupsEnabled:   false,
		GroupShares:               DefaultGroupShares(),
		MaxExecutionGas:           DefaultMaxExecutionGas,
		VoteRetention:             DefaultVoteRetention,
		MaxPrunesPerBlock:         DefaultMaxPrunesPerBlock,
		HealthWindow:              DefaultHealthWindow,
		HealthBuckets:             DefaultHealthBuckets,
	}
}

// Validate checks every field of the params.
func (p Params) Validate() error {
	if err := sdk.ValidateDenom(p.LockDenom); err != nil {
		return errorsmod.Wrapf(ErrInvalidParams, "lock_denom: %s", err)
	}
	if p.UnlockPeriod <= 0 {
		return errorsmod.Wrapf(ErrInvalidParams, "unlock_period must be positive, got %s", p.UnlockPeriod)
	}
	if p.TwasWindow <= 0 {
		return errorsmod.Wrapf(ErrInvalidParams, "twas_window must be positive, got %s", p.TwasWindow)
	}
	if p.Vesting < 0 {
		return errorsmod.Wrapf(ErrInvalidParams, "vesting must not be negative, got %s", p.Vesting)
	}
	if p.MaxPowerFraction.IsNil() || !p.MaxPowerFraction.IsPositive() || p.MaxPowerFraction.GT(math.LegacyOneDec()) {
		return errorsmod.Wrapf(ErrInvalidParams, "max_power_fraction must be in (0, 1], got %s", p.MaxPowerFraction)
	}
	for _, limit := range []struct {
		name  string
		value uint32
	}{
		{"max_unlocks_per_block", p.MaxUnlocksPerBlock}, {"max_vesting_updates_per_block", p.MaxVestingUpdatesPerBlock},
		{"max_proposals_per_block", p.MaxProposalsPerBlock}, {"max_prunes_per_block", p.MaxPrunesPerBlock},
	} {
		if limit.value == 0 || limit.value > MaxPerBlockCeiling {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must be in [1, %d], got %d", limit.name, MaxPerBlockCeiling, limit.value)
		}
	}
	if p.MaxUnlockEntries == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "max_unlock_entries must be positive")
	}
	for _, bound := range []struct {
		name  string
		value uint32
	}{
		{"max_title_length", p.MaxTitleLength}, {"max_summary_length", p.MaxSummaryLength},
		{"max_metadata_length", p.MaxMetadataLength}, {"max_messages", p.MaxMessages},
		{"max_constitution_length", p.MaxConstitutionLength}, {"max_challenge_reason_length", p.MaxChallengeReasonLength},
		{"max_committee_size", p.MaxCommitteeSize},
	} {
		if bound.value == 0 {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must be positive", bound.name)
		}
	}
	if p.MaxExecutionGas == 0 || p.MaxExecutionGas > MaxExecutionGasCeiling {
		return errorsmod.Wrapf(ErrInvalidParams, "max_execution_gas must be in (0, %d], got %d", MaxExecutionGasCeiling, p.MaxExecutionGas)
	}
	if p.VoteRetention < 0 || p.VoteRetention > MaxVoteRetention {
		return errorsmod.Wrapf(ErrInvalidParams, "vote_retention must be in [0 (keep forever), %s], got %s", MaxVoteRetention, p.VoteRetention)
	}
	if p.CommitteeTerm <= 0 {
		return errorsmod.Wrapf(ErrInvalidParams, "committee_term must be positive, got %s", p.CommitteeTerm)
	}
	if err := p.validateChallengeBond(); err != nil {
		return err
	}
	if err := p.validateClasses(); err != nil {
		return err
	}
	if err := p.validateHealth(); err != nil {
		return err
	}
	return p.validateGroupShares()
}

func (p Params) validateChallengeBond() error {
	if err := p.ChallengeBond.Validate(); err != nil || p.ChallengeBond.Denom != p.LockDenom {
		return errorsmod.Wrapf(ErrInvalidParams, "challenge_bond must be a valid %s amount, got %s", p.LockDenom, p.ChallengeBond)
	}
	return nil
}

// validateClasses checks the class table: unique names, sane fractions and
// periods, bonds in the lock denom, every mapped message naming a class, and
// an unlock period at least the longest voting period, so tokens cannot
// leave the escrow while a vote they weighed in is still open.
func (p Params) validateClasses() error {
	if len(p.Classes) == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "at least one proposal class is needed")
	}
	names := make(map[string]bool, len(p.Classes))
	for i, c := range p.Classes {
		if err := ident.Check(fmt.Sprintf("classes[%d].name", i), c.Name, MaxClassNameLength); err != nil {
			return errorsmod.Wrap(ErrInvalidParams, err.Error())
		}
		if names[c.Name] {
			return errorsmod.Wrapf(ErrInvalidParams, "class names must be unique, %q is used twice", c.Name)
		}
		names[c.Name] = true
		if err := c.Validate(p.LockDenom); err != nil {
			return err
		}
		if c.MaxVotingPeriod > p.UnlockPeriod {
			return errorsmod.Wrapf(ErrInvalidParams, "unlock_period %s is shorter than the max voting period %s of class %s", p.UnlockPeriod, c.MaxVotingPeriod, c.Name)
		}
	}
	if !names[p.DefaultMessageClass] {
		return errorsmod.Wrapf(ErrInvalidParams, "default_message_class %q is not a class", p.DefaultMessageClass)
	}
	urls := make(map[string]bool, len(p.MessageClasses))
	for i, m := range p.MessageClasses {
		if err := ident.Check(fmt.Sprintf("message_classes[%d].type_url", i), m.TypeUrl, ident.MaxLength); err != nil {
			return errorsmod.Wrap(ErrInvalidParams, err.Error())
		}
		if urls[m.TypeUrl] {
			return errorsmod.Wrapf(ErrInvalidParams, "message_classes type URLs must be unique, %q is listed twice", m.TypeUrl)
		}
		urls[m.TypeUrl] = true
		if !names[m.Class] {
			return errorsmod.Wrapf(ErrInvalidParams, "message %s maps to unknown class %q", m.TypeUrl, m.Class)
		}
	}
	return nil
}

// Validate checks one class.
func (c ProposalClass) Validate(denom string) error {
	fraction := func(name string, d math.LegacyDec, allowZero bool) error {
		if d.IsNil() || d.IsNegative() || d.GT(math.LegacyOneDec()) || (!allowZero && d.IsZero()) {
			return errorsmod.Wrapf(ErrInvalidParams, "class %s: %s must be in (0, 1], got %s", c.Name, name, d)
		}
		return nil
	}
	if err := fraction("quorum", c.Quorum, false); err != nil {
		return err
	}
	if err := fraction("threshold", c.Threshold, false); err != nil {
		return err
	}
	if err := fraction("veto_threshold", c.VetoThreshold, false); err != nil {
		return err
	}
	if c.Electorate != ELECTORATE_TOKEN && c.Electorate != ELECTORATE_COMMITTEE {
		return errorsmod.Wrapf(ErrInvalidParams, "class %s: unknown electorate %s", c.Name, c.Electorate)
	}
	if c.MinVotingPeriod <= 0 || c.DefaultVotingPeriod < c.MinVotingPeriod || c.MaxVotingPeriod < c.DefaultVotingPeriod {
		return errorsmod.Wrapf(ErrInvalidParams, "class %s: voting periods must satisfy 0 < min <= default <= max, got %s, %s, %s",
			c.Name, c.MinVotingPeriod, c.DefaultVotingPeriod, c.MaxVotingPeriod)
	}
	if c.ChallengePeriod < 0 || c.ExecutionDelay < 0 {
		return errorsmod.Wrapf(ErrInvalidParams, "class %s: challenge_period and execution_delay must not be negative", c.Name)
	}
	if err := c.Bond.Validate(); err != nil || c.Bond.Denom != denom {
		return errorsmod.Wrapf(ErrInvalidParams, "class %s: bond must be a valid %s amount, got %s", c.Name, denom, c.Bond)
	}
	if c.MinProposerPower.IsNil() || c.MinProposerPower.IsNegative() {
		return errorsmod.Wrapf(ErrInvalidParams, "class %s: min_proposer_power must not be negative", c.Name)
	}
	return c.validateEarlyRules()
}

// validateEarlyRules bounds late-quorum protection and super-quorum: the
// window within the shortest voting period, the extension within the
// longest (so voting lasts at most twice max_voting_period), and a
// super_quorum of 0 (off) or between the quorum and 1.
func (c ProposalClass) validateEarlyRules() error {
	if c.LateQuorumWindow < 0 || c.LateQuorumWindow > c.MinVotingPeriod {
		return errorsmod.Wrapf(ErrInvalidParams, "class %s: late_quorum_window must be in [0, min_voting_period %s], got %s", c.Name, c.MinVotingPeriod, c.LateQuorumWindow)
	}
	if c.LateQuorumExtension < 0 || c.LateQuorumExtension > c.MaxVotingPeriod {
		return errorsmod.Wrapf(ErrInvalidParams, "class %s: late_quorum_extension must be in [0, max_voting_period %s], got %s", c.Name, c.MaxVotingPeriod, c.LateQuorumExtension)
	}
	if c.SuperQuorum.IsNil() || c.SuperQuorum.IsNegative() || c.SuperQuorum.GT(math.LegacyOneDec()) ||
		(c.SuperQuorum.IsPositive() && c.SuperQuorum.LT(c.Quorum)) {
		return errorsmod.Wrapf(ErrInvalidParams, "class %s: super_quorum must be 0 (off) or in [quorum %s, 1], got %s", c.Name, c.Quorum, c.SuperQuorum)
	}
	return nil
}

func (p Params) validateGroupShares() error {
	total := math.LegacyZeroDec()
	seen := make(map[string]bool, len(p.GroupShares))
	for i, g := range p.GroupShares {
		if err := ident.Check(fmt.Sprintf("group_shares[%d].group", i), g.Group, MaxGroupNameLength); err != nil {
			return errorsmod.Wrap(ErrInvalidParams, err.Error())
		}
		if seen[g.Group] || g.Share.IsNil() || g.Share.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidParams, "group shares must have unique names and non-negative shares, got %q %s", g.Group, g.Share)
		}
		seen[g.Group] = true
		total = total.Add(g.Share)
	}
	if p.ElectorateGroupsEnabled && !total.Equal(math.LegacyOneDec()) {
		return errorsmod.Wrapf(ErrInvalidParams, "group shares must add up to 1 when electorate groups are enabled, got %s", total)
	}
	if p.ElectorateGroupsEnabled && !seen[GroupHuman] {
		return errorsmod.Wrapf(ErrInvalidParams, "group shares need the %q group, the group of every account that is no agent", GroupHuman)
	}
	return nil
}

// Class returns the class with the given name.
func (p Params) Class(name string) (ProposalClass, bool) {
	for _, c := range p.Classes {
		if c.Name == name {
			return c, true
		}
	}
	return ProposalClass{}, false
}

// MessageClassOf returns the lowest class allowed to carry a message type.
func (p Params) MessageClassOf(typeURL string) string {
	for _, m := range p.MessageClasses {
		if m.TypeUrl == typeURL {
			return m.Class
		}
	}
	return p.DefaultMessageClass
}

// ValidateChange checks what may not change after genesis: the lock denom
// (locked tokens would be stranded) and the vesting delay (the recorded
// vested points are computed with it).
func (p Params) ValidateChange(next Params) error {
	if p.LockDenom != next.LockDenom {
		return errorsmod.Wrapf(ErrInvalidParams, "lock_denom is fixed at genesis (%s), got %s", p.LockDenom, next.LockDenom)
	}
	if p.Vesting != next.Vesting {
		return errorsmod.Wrapf(ErrInvalidParams, "vesting is fixed at genesis (%s), got %s", p.Vesting, next.Vesting)
	}
	return nil
}
