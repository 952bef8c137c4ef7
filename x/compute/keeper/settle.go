package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
)

// settleValid pays an attested-valid lease: the provider gets GPU-seconds x
// price (capped at the escrow) less the take; of the take, verifier_share
// goes to the attesters who agreed, split by power, and the rest to the dao
// treasury; the consumer gets back what was not used.
func (k Keeper) settleValid(ctx context.Context, lease types.Lease, params types.Params, atts []types.Attestation) error {
	escrow := lease.Escrow.Amount
	cost := lease.PricePerGpuHour.Amount.Mul(math.NewIntFromUint64(lease.Result.GpuSecondsUsed)).QuoRaw(3600)
	cost = math.MinInt(cost, escrow)
	take := params.TakeRate.MulInt(cost).TruncateInt()
	reward := params.VerifierShare.MulInt(take).TruncateInt()

	var agreeing []types.CommitteeMember
	var agreeingPower int64
	for _, m := range lease.Committee {
		if a, ok := attestationOf(atts, m.Validator); ok && agrees(lease, a) {
			agreeing = append(agreeing, m)
			agreeingPower += m.Power
		}
	}
	paid := math.ZeroInt()
	for _, m := range agreeing {
		share := reward.MulRaw(m.Power).QuoRaw(agreeingPower)
		attester, err := k.operatorAccount(m.Validator)
		if err != nil {
			return err
		}
		if err := k.payAccount(ctx, attester, lease.Escrow.Denom, share); err != nil {
			return err
		}
		paid = paid.Add(share)
	}
	s := k.settlement(lease.Escrow.Denom)
	s.VerifierReward.Amount = paid
	s.Fee.Amount = take.Sub(paid)
	s.ProviderPayment.Amount = cost.Sub(take)
	s.Refund.Amount = escrow.Sub(cost)
	if err := k.payModule(ctx, types.TreasuryName, s.Fee); err != nil {
		return err
	}
	provider, err := k.operatorAccount(lease.Provider)
	if err != nil {
		return err
	}
	if err := k.payAccount(ctx, provider, s.ProviderPayment.Denom, s.ProviderPayment.Amount); err != nil {
		return err
	}
	if err := k.refund(ctx, lease, s.Refund.Amount); err != nil {
		return err
	}
	if err := k.recordProvider(ctx, lease, true); err != nil {
		return err
	}
	if err := k.recordAttesters(ctx, lease, atts, true); err != nil {
		return err
	}
	if err := k.finishLease(ctx, lease, types.LEASE_STATUS_SETTLED, s); err != nil {
		return err
	}
	return emit(ctx, &types.EventLeaseSettled{
		LeaseId: lease.Id, JobId: lease.JobId, Provider: lease.Provider, Consumer: lease.Consumer,
		ProviderPayment: s.ProviderPayment, Fee: s.Fee, VerifierReward: s.VerifierReward, Refund: s.Refund,
	})
}

// failLease ends a lease that failed through its provider's fault, with
// status LEASE_STATUS_INVALID (the committee found the result invalid) or
// LEASE_STATUS_EXPIRED (no result by the deadline): the consumer gets the
// whole escrow back, slash_fraction of the provider's bond goes to the dao
// treasury, the provider's job is recorded as failed and each attester as
// right when it was against the result (an expired lease has no
// committee).
//
// LEASE_STATUS_PROVIDER_GONE (MsgEndLease: the consumer ended it because
// the provider is gone, why saying how) ends the same way and emits
// EventLeaseEnded instead of EventLeaseFailed.
func (k Keeper) failLease(ctx context.Context, lease types.Lease, params types.Params, status types.LeaseStatus, atts []types.Attestation) error {
	_, err := k.failLeaseWhy(ctx, lease, params, status, "", atts)
	return err
}

func (k Keeper) failLeaseWhy(ctx context.Context, lease types.Lease, params types.Params, status types.LeaseStatus, why string, atts []types.Attestation) (types.Settlement, error) {
	s, err := k.failLeaseMoney(ctx, lease, params, status, atts)
	if err != nil {
		return s, err
	}
	if status == types.LEASE_STATUS_PROVIDER_GONE {
		return s, emit(ctx, &types.EventLeaseEnded{
			LeaseId: lease.Id, JobId: lease.JobId, Provider: lease.Provider, Consumer: lease.Consumer,
			Reason: types.TerminationReasonOf(status), Why: why, Refund: s.Refund, Slashed: s.Slashed,
		})
	}
	return s, emit(ctx, &types.EventLeaseFailed{
		LeaseId: lease.Id, JobId: lease.JobId, Provider: lease.Provider, Consumer: lease.Consumer,
		Status: status, Refund: s.Refund, Slashed: s.Slashed,
	})
}

// failLeaseMoney refunds, slashes, records reputation and finishes a
// failed lease; the caller emits its event.
func (k Keeper) failLeaseMoney(ctx context.Context, lease types.Lease, params types.Params, status types.LeaseStatus, atts []types.Attestation) (types.Settlement, error) {
	switch status {
	case types.LEASE_STATUS_INVALID, types.LEASE_STATUS_EXPIRED, types.LEASE_STATUS_PROVIDER_GONE:
	default:
		return types.Settlement{}, errorsmod.Wrapf(types.ErrBrokenInvariant, "lease %d cannot fail as %s", lease.Id, status)
	}
	s := k.settlement(lease.Escrow.Denom)
	s.Refund = lease.Escrow
	if err := k.refund(ctx, lease, s.Refund.Amount); err != nil {
		return s, err
	}
	slashed, err := k.slash(ctx, lease, params.SlashFraction)
	if err != nil {
		return s, err
	}
	s.Slashed = slashed
	if err := k.recordProvider(ctx, lease, false); err != nil {
		return s, err
	}
	if err := k.recordAttesters(ctx, lease, atts, false); err != nil {
		return s, err
	}
	return s, k.finishLease(ctx, lease, status, s)
}

// endNoQuorum refunds the consumer in full when the committee did not
// decide: the provider is not blamed; members without an attestation in
// atts (the revealed ones, or the committed ones when the commit phase
// ends under the floor) are.
func (k Keeper) endNoQuorum(ctx context.Context, lease types.Lease, atts []types.Attestation) error {
	s := k.settlement(lease.Escrow.Denom)
	s.Refund = lease.Escrow
	if err := k.refund(ctx, lease, s.Refund.Amount); err != nil {
		return err
	}
	var absent []string
	for _, m := range lease.Committee {
		if _, ok := attestationOf(atts, m.Validator); ok {
			continue
		}
		absent = append(absent, m.Validator)
		if err := k.record(ctx, m.Validator, reputationtypes.OUTCOME_KIND_ATTESTATION, false); err != nil {
			return err
		}
	}
	if err := k.finishLease(ctx, lease, types.LEASE_STATUS_NO_QUORUM, s); err != nil {
		return err
	}
	return emit(ctx, &types.EventLeaseNoQuorum{
		LeaseId: lease.Id, JobId: lease.JobId, Provider: lease.Provider, Consumer: lease.Consumer, Refund: s.Refund, Absent: absent,
	})
}

// slash moves fraction of the bond of a failed lease's provider to the dao
// treasury; a bond left under min_bond makes the provider inactive.
func (k Keeper) slash(ctx context.Context, lease types.Lease, fraction math.LegacyDec) (sdk.Coin, error) {
	p, err := k.providerOf(ctx, lease.Provider)
	if err != nil {
		return sdk.Coin{}, err
	}
	amount := types.SlashAmount(p.Bond, fraction)
	if !amount.IsPositive() {
		return amount, nil
	}
	if err := k.bankKeeper.SendCoinsFromModuleToModule(ctx, types.BondsName, types.TreasuryName, sdk.Coins{amount}); err != nil {
		return amount, err
	}
	p.Bond = p.Bond.Sub(amount)
	if err := k.saveProvider(ctx, &p); err != nil {
		return amount, err
	}
	return amount, emit(ctx, &types.EventProviderSlashed{Operator: p.Operator, LeaseId: lease.Id, Amount: amount, Bond: p.Bond, Status: p.Status})
}

// finishLease records a final status and what was paid, empties the
// lease's escrow, gives its job its final status and frees the offer's
// GPUs. The caller emits the outcome's event.
func (k Keeper) finishLease(ctx context.Context, lease types.Lease, status types.LeaseStatus, s types.Settlement) error {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	lease.Status, lease.Settlement, lease.Ended = status, &s, &now
	lease.TerminationReason = types.TerminationReasonOf(status)
	lease.AttestationPhase = types.ATTESTATION_PHASE_UNSPECIFIED
	lease.Escrow = sdk.Coin{Denom: lease.Escrow.Denom, Amount: math.ZeroInt()}
	if err := k.Leases.Set(ctx, lease.Id, lease); err != nil {
		return err
	}
	if err := k.syncDue(ctx, lease); err != nil {
		return err
	}
	if err := k.endJob(ctx, lease); err != nil {
		return err
	}
	offer, err := k.Offers.Get(ctx, lease.OfferId)
	if err != nil {
		return err
	}
	if offer.Reserved < lease.Gpu.Count {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "offer %d reserves %d GPUs, lease %d holds %d", offer.Id, offer.Reserved, lease.Id, lease.Gpu.Count)
	}
	old := offer
	offer.Reserved -= lease.Gpu.Count
	if err := k.setOffer(ctx, offer, &old); err != nil {
		return err
	}
	return k.deleteIfDone(ctx, offer)
}

// settlement returns an all-zero settlement in denom.
func (k Keeper) settlement(denom string) types.Settlement {
	zero := sdk.Coin{Denom: denom, Amount: math.ZeroInt()}
	return types.Settlement{ProviderPayment: zero, Fee: zero, VerifierReward: zero, Refund: zero, Slashed: zero}
}

func (k Keeper) refund(ctx context.Context, lease types.Lease, amount math.Int) error {
	consumer, err := k.account(lease.Consumer)
	if err != nil {
		return err
	}
	return k.payAccount(ctx, consumer, lease.Escrow.Denom, amount)
}

// payAccount pays amount out of the escrow; nothing for zero.
func (k Keeper) payAccount(ctx context.Context, to sdk.AccAddress, denom string, amount math.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	return k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.EscrowName, to, sdk.Coins{{Denom: denom, Amount: amount}})
}

func (k Keeper) payModule(ctx context.Context, module string, amount sdk.Coin) error {
	if !amount.IsPositive() {
		return nil
	}
	return k.bankKeeper.SendCoinsFromModuleToModule(ctx, types.EscrowName, module, sdk.Coins{amount})
}

func attestationOf(atts []types.Attestation, validator string) (types.Attestation, bool) {
	for _, a := range atts {
		if a.Validator == validator {
			return a, true
		}
	}
	return types.Attestation{}, false
}

// recordProvider records the job outcome for the provider's account.
func (k Keeper) recordProvider(ctx context.Context, lease types.Lease, success bool) error {
	return k.record(ctx, lease.Provider, reputationtypes.OUTCOME_KIND_JOB, success)
}

// recordAttesters records, for each committee member, whether its revealed
// attestation agreed with the outcome (valid = the result is valid); a
// member without a revealed attestation was absent, a failure.
func (k Keeper) recordAttesters(ctx context.Context, lease types.Lease, atts []types.Attestation, valid bool) error {
	for _, m := range lease.Committee {
		a, ok := attestationOf(atts, m.Validator)
		right := ok && a.Revealed && agrees(lease, a) == valid
		if err := k.record(ctx, m.Validator, reputationtypes.OUTCOME_KIND_ATTESTATION, right); err != nil {
			return err
		}
	}
	return nil
}

func (k Keeper) record(ctx context.Context, operator string, kind reputationtypes.OutcomeKind, success bool) error {
	account, err := k.operatorAccount(operator)
	if err != nil {
		return err
	}
	return k.reputationKeeper.RecordOutcome(ctx, account, kind, success, math.LegacyOneDec())
}
