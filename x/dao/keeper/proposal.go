package keeper

import (
	"context"
	"errors"
	"strings"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/msgexec"
	"github.com/aitbc/aitbc/x/dao/types"
)

// Reading proposals and checking a submission against its class; the
// submission itself and every later transition are in lifecycle.go.

// GetProposal returns a proposal, with its running tally when in voting,
// or ErrProposalNotFound.
func (k Keeper) GetProposal(ctx context.Context, id uint64) (types.Proposal, error) {
	p, err := k.proposalRecord(ctx, id)
	if err != nil {
		return p, err
	}
	return p, k.withLiveTally(ctx, &p)
}

// proposalRecord returns the stored proposal without its running tally:
// what a change that keeps the proposal in voting (an approval) writes
// back, so the record's tally stays the one voting started with.
func (k Keeper) proposalRecord(ctx context.Context, id uint64) (types.Proposal, error) {
	p, err := k.Proposals.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return p, errorsmod.Wrapf(types.ErrProposalNotFound, "proposal %d", id)
	}
	return p, err
}

// checkProposalText checks the class name and the text of a proposal by
// the identifier and text rules (as ValidateBasic does), then against the
// params' length limits.
func checkProposalText(msg *types.MsgSubmitProposal, params types.Params) error {
	if err := types.ValidateProposalText(msg.Class, msg.Title, msg.Summary, msg.Metadata); err != nil {
		return err
	}
	for _, f := range []struct {
		name  string
		value string
		max   uint32
	}{
		{"title", msg.Title, params.MaxTitleLength},
		{"summary", msg.Summary, params.MaxSummaryLength},
		{"metadata", msg.Metadata, params.MaxMetadataLength},
	} {
		if len(f.value) > int(f.max) {
			return errorsmod.Wrapf(types.ErrProposalTooLarge, "%s has %d bytes, the limit is %d", f.name, len(f.value), f.max)
		}
	}
	if len(msg.Messages) > int(params.MaxMessages) {
		return errorsmod.Wrapf(types.ErrProposalTooLarge, "%d messages, the limit is %d", len(msg.Messages), params.MaxMessages)
	}
	return nil
}

// checkProposalMessages checks that every message is signed by the dao
// authority alone, has a handler, passes its own validation and may ride in
// the proposal's class: the class the message_classes param gives its type,
// raised by the type's resolver when its content needs more.
func (k Keeper) checkProposalMessages(ctx context.Context, msgs []sdk.Msg, class types.ProposalClass, params types.Params) error {
	authority, err := k.addressCodec.StringToBytes(k.authority)
	if err != nil {
		return err
	}
	for i, m := range msgs {
		typeURL := sdk.MsgTypeURL(m)
		// The executor's own check, so what is accepted now is what it
		// will agree to run.
		if err := k.executor.Check(i, m, authority); err != nil {
			if errors.Is(err, msgexec.ErrWrongSigner) {
				return errorsmod.Wrapf(types.ErrInvalidProposalMsg, "%s: it must be signed by the dao authority %s alone", err, k.authority)
			}
			return errorsmod.Wrap(types.ErrInvalidProposalMsg, err.Error())
		}
		if v, ok := m.(sdk.HasValidateBasic); ok {
			if err := v.ValidateBasic(); err != nil {
				return errorsmod.Wrapf(types.ErrInvalidProposalMsg, "message %d (%s): %s", i, typeURL, err)
			}
		}
		needed, err := k.messageClass(ctx, i, m, typeURL, params)
		if err != nil {
			return err
		}
		if class.Rank < needed.Rank {
			return errorsmod.Wrapf(types.ErrMessageNotAllowed, "message %d (%s) needs a proposal of class %s or higher, this one is %s", i, typeURL, needed.Name, class.Name)
		}
		if sc, ok := m.(*types.MsgSetConstitution); ok && len(sc.Constitution) > int(params.MaxConstitutionLength) {
			return errorsmod.Wrapf(types.ErrProposalTooLarge, "constitution has %d bytes, the limit is %d", len(sc.Constitution), params.MaxConstitutionLength)
		}
	}
	return nil
}

// messageClass returns the lowest class that may carry message i.
func (k Keeper) messageClass(ctx context.Context, i int, m sdk.Msg, typeURL string, params types.Params) (types.ProposalClass, error) {
	name := params.MessageClassOf(typeURL)
	needed, ok := params.Class(name)
	if !ok {
		return needed, errorsmod.Wrapf(types.ErrUnknownClass, "message %s maps to %q", typeURL, name)
	}
	resolve, ok := k.classResolvers.Get(typeURL)
	if !ok {
		return needed, nil
	}
	name, err := resolve(ctx, m)
	if err != nil {
		return needed, errorsmod.Wrapf(types.ErrInvalidProposalMsg, "message %d (%s): %s", i, typeURL, err)
	}
	if name == "" {
		return needed, nil
	}
	raised, ok := params.Class(name)
	if !ok {
		return needed, errorsmod.Wrapf(types.ErrUnknownClass, "message %d (%s) needs class %q", i, typeURL, name)
	}
	if raised.Rank > needed.Rank {
		return raised, nil
	}
	return needed, nil
}

func classNames(params types.Params) string {
	names := make([]string, len(params.Classes))
	for i, c := range params.Classes {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// electorateSize returns the snapshot total (token power or committee size)
// and the most one vote may weigh.
func (k Keeper) electorateSize(ctx context.Context, class types.ProposalClass, params types.Params, now time.Time) (math.Int, math.Int, error) {
	if class.Electorate == types.ELECTORATE_COMMITTEE {
		committee, err := k.GetCommittee(ctx)
		if err != nil {
			return math.Int{}, math.Int{}, err
		}
		if len(committee.Members) == 0 {
			return math.Int{}, math.Int{}, errorsmod.Wrapf(types.ErrInvalidCommittee, "class %s is voted by the committee, which has no members", class.Name)
		}
		return math.NewInt(int64(len(committee.Members))), math.OneInt(), nil
	}
	total, err := k.snapshot(ctx, types.SeriesKey(types.SERIES_KIND_TOTAL, nil), now, params)
	if err != nil {
		return math.Int{}, math.Int{}, err
	}
	return total.Power, params.MaxPowerFraction.MulInt(total.Power).TruncateInt(), nil
}

func zeroTally() types.TallyResult {
	return types.TallyResult{Yes: math.ZeroInt(), Abstain: math.ZeroInt(), No: math.ZeroInt(), NoWithVeto: math.ZeroInt()}
}
