package load

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	daotypes "github.com/aitbc/aitbc/x/dao/types"
)

// bankSend: each account sends 1 base unit to the next account.
type bankSend struct{}

func (bankSend) Name() string { return "bank-send" }
func (bankSend) Short() string {
	return "MsgSend of 1 base unit from each account to the next one"
}

func (bankSend) Need(_ context.Context, l *Load) (map[int]math.Int, error) {
	out := make(map[int]math.Int, len(l.Accounts))
	for _, a := range l.Accounts {
		out[a.Index] = math.NewInt(int64(l.perAccount(a.Index)))
	}
	return out, nil
}

func (bankSend) Prepare(context.Context, *Load) error { return nil }

func (bankSend) Msg(l *Load, a *Account, _ int) sdk.Msg {
	to := l.Accounts[(a.Index+1)%len(l.Accounts)]
	return banktypes.NewMsgSend(a.Address, to.Address, sdk.NewCoins(sdk.NewCoin(l.Denom, math.OneInt())))
}

// daoVote: every account locks (once per seed), the funder submits a
// proposal, and each account votes on it. Options cycle yes, no, abstain
// by account, so the yes votes never reach a class's super-quorum (which
// would end the vote early and refuse the rest).
type daoVote struct {
	proposalID uint64
}

func (*daoVote) Name() string { return "dao-vote" }
func (*daoVote) Short() string {
	return "x/dao MsgVote of each account on a fresh proposal (accounts lock first)"
}

// Need is what an account still has to lock.
func (*daoVote) Need(ctx context.Context, l *Load) (map[int]math.Int, error) {
	locks, err := accountLocks(ctx, l)
	if err != nil {
		return nil, err
	}
	for i, locked := range locks {
		locks[i] = math.MaxInt(math.ZeroInt(), l.Lock.Sub(locked))
	}
	return locks, nil
}

// accountLocks reads each account's locked amount.
func accountLocks(ctx context.Context, l *Load) (map[int]math.Int, error) {
	dao := daotypes.NewQueryClient(l.Runner.Ctx)
	return parallel(ctx, l.Runner.Workers, l.Accounts, func(ctx context.Context, a *Account) (math.Int, error) {
		res, err := dao.Lock(ctx, &daotypes.QueryLockRequest{Owner: a.Address.String()})
		if err != nil {
			return math.Int{}, fmt.Errorf("lock of %s: %w", a.Address, err)
		}
		return res.Lock.Amount, nil
	})
}

var voteOptions = []daotypes.VoteOption{daotypes.VOTE_OPTION_YES, daotypes.VOTE_OPTION_NO, daotypes.VOTE_OPTION_ABSTAIN}

func (v *daoVote) Msg(_ *Load, a *Account, k int) sdk.Msg {
	return &daotypes.MsgVote{Voter: a.Address.String(), ProposalId: v.proposalID, Option: voteOptions[(a.Index+k)%len(voteOptions)]}
}

// Prepare locks what accounts lack, waits until the locks have voting
// power, submits a proposal without messages and waits until it votes.
func (v *daoVote) Prepare(ctx context.Context, l *Load) error {
	dao := daotypes.NewQueryClient(l.Runner.Ctx)
	pres, err := dao.Params(ctx, &daotypes.QueryParamsRequest{})
	if err != nil {
		return fmt.Errorf("dao params: %w", err)
	}
	params := pres.Params
	class, err := pickClass(params, l.Class)
	if err != nil {
		return err
	}
	vest := params.Vesting + params.TwasWindow

	// The funder's lock must give it the class's proposer power.
	funder := l.Funder.address()
	flock, err := dao.Lock(ctx, &daotypes.QueryLockRequest{Owner: funder.String()})
	if err != nil {
		return fmt.Errorf("lock of the funder: %w", err)
	}
	var lockedAt time.Time // the block time of the last lock of this run
	if short := class.MinProposerPower.Sub(flock.Lock.Amount); short.IsPositive() {
		if vest > l.MaxWait {
			return vestTooLong(vest, l.MaxWait)
		}
		out, err := l.FromFunder(ctx, "lock (funder)", &daotypes.MsgLock{Owner: funder.String(), Amount: sdk.NewCoin(params.LockDenom, short)})
		if err != nil {
			return err
		}
		lockedAt = out.Report.LastTime
	}

	// Every account locks up to Lock.
	locks, err := accountLocks(ctx, l)
	if err != nil {
		return err
	}
	if _, err := l.Runner.refresh(ctx, l.Accounts); err != nil {
		return err
	}
	var planned []Planned
	for _, a := range l.Accounts {
		if short := l.Lock.Sub(locks[a.Index]); short.IsPositive() {
			msg := &daotypes.MsgLock{Owner: a.Address.String(), Amount: sdk.NewCoin(params.LockDenom, short)}
			planned = append(planned, Planned{From: l.keySigner(a), AccNum: a.Number, Seq: a.Seq, Msgs: []sdk.Msg{msg}})
		}
	}
	if len(planned) > 0 {
		if vest > l.MaxWait {
			return vestTooLong(vest, l.MaxWait)
		}
		out, err := l.runAll(ctx, "lock", planned)
		if err != nil {
			return err
		}
		lockedAt = out.Report.LastTime
	}
	if !lockedAt.IsZero() {
		// A lock counts in full once it is vesting + twas_window old.
		l.Runner.logf("waiting %s (vesting + twas_window) for the locks to count in full", vest)
		if err := l.waitUntil(ctx, "the locks to vest", func() (bool, error) {
			st, err := l.Runner.Ctx.Client.Status(ctx)
			if err != nil {
				return false, err
			}
			return !st.SyncInfo.LatestBlockTime.Before(lockedAt.Add(vest)), nil
		}); err != nil {
			return err
		}
	}
	// Locks made by an earlier run may still be vesting: the funder must be
	// able to propose and the accounts to vote with their whole lock.
	if err := l.waitPower(ctx, dao, funder, class.MinProposerPower); err != nil {
		return err
	}
	if err := l.waitPower(ctx, dao, l.Accounts[len(l.Accounts)-1].Address, l.Lock); err != nil {
		return err
	}

	submit := &daotypes.MsgSubmitProposal{
		Proposer: funder.String(), Class: class.Name,
		Title:        "aitbcd load " + time.Now().UTC().Format(time.RFC3339),
		Summary:      "A proposal without messages for a dao-vote load run.",
		VotingPeriod: class.MaxVotingPeriod,
	}
	out, err := l.FromFunder(ctx, "submit-proposal", submit)
	if err != nil {
		return err
	}
	if v.proposalID, err = proposalID(out); err != nil {
		return err
	}
	l.Runner.logf("proposal %d (class %s) submitted", v.proposalID, class.Name)
	return l.waitUntil(ctx, "proposal in voting", func() (bool, error) {
		res, err := dao.Proposal(ctx, &daotypes.QueryProposalRequest{ProposalId: v.proposalID})
		if err != nil {
			return false, err
		}
		switch res.Proposal.Status {
		case daotypes.PROPOSAL_STATUS_VOTING:
			return true, nil
		case daotypes.PROPOSAL_STATUS_CHALLENGE:
			return false, nil
		default:
			return false, fmt.Errorf("proposal %d is %s", v.proposalID, res.Proposal.Status)
		}
	})
}

// pickClass returns the named class, or else the token class with the
// shortest challenge period (on a default chain, emergency: no challenge).
func pickClass(params daotypes.Params, name string) (daotypes.ProposalClass, error) {
	if name != "" {
		c, ok := params.Class(name)
		if !ok {
			return c, fmt.Errorf("no dao class %q", name)
		}
		if c.Electorate != daotypes.ELECTORATE_TOKEN {
			return c, fmt.Errorf("class %q is voted by %s, not by token power", name, c.Electorate)
		}
		return c, nil
	}
	var best *daotypes.ProposalClass
	for i, c := range params.Classes {
		if c.Electorate == daotypes.ELECTORATE_TOKEN && (best == nil || c.ChallengePeriod < best.ChallengePeriod) {
			best = &params.Classes[i]
		}
	}
	if best == nil {
		return daotypes.ProposalClass{}, fmt.Errorf("the chain has no token-voted dao class")
	}
	return *best, nil
}

func vestTooLong(vest, maxWait time.Duration) error {
	return fmt.Errorf("new locks count only after vesting + twas_window = %s, more than --max-wait %s: "+
		"run on a chain with short dao periods (see `aitbcd load --help`), or lock now and run again once they have vested", vest, maxWait)
}

// waitPower waits until addr's voting power at the latest block time is at
// least min.
func (l *Load) waitPower(ctx context.Context, dao daotypes.QueryClient, addr sdk.AccAddress, min math.Int) error {
	return l.waitUntil(ctx, fmt.Sprintf("voting power %s of %s", min, addr), func() (bool, error) {
		res, err := dao.VotingPower(ctx, &daotypes.QueryVotingPowerRequest{Address: addr.String()})
		if err != nil {
			return false, err
		}
		return res.Power.GTE(min), nil
	})
}

// waitUntil polls cond once per block until it holds, for at most MaxWait.
func (l *Load) waitUntil(ctx context.Context, what string, cond func() (bool, error)) error {
	ctx, cancel := context.WithTimeout(ctx, l.MaxWait)
	defer cancel()
	for {
		ok, err := cond()
		if err != nil {
			return fmt.Errorf("waiting for %s: %w", what, err)
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: not after --max-wait %s", what, l.MaxWait)
		case <-time.After(pollInterval):
		}
	}
}

// proposalID reads the id from the EventSubmitProposal of a committed
// submission.
func proposalID(out Outcome) (uint64, error) {
	for _, res := range out.Results {
		for _, ev := range res.Events {
			if ev.Type != "aitbc.dao.v1.EventSubmitProposal" {
				continue
			}
			for _, attr := range ev.Attributes {
				if attr.Key == "proposal_id" {
					return strconv.ParseUint(strings.Trim(attr.Value, `"`), 10, 64)
				}
			}
		}
	}
	return 0, fmt.Errorf("no EventSubmitProposal in the submission's result")
}
