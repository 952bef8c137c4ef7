package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// SetCoreDevelopers replaces the core developer set. Projects already
// managed by a removed developer continue under their manager.
func (k Keeper) SetCoreDevelopers(ctx context.Context, developers []string) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if len(developers) > int(params.MaxCoreDevelopers) {
		return errorsmod.Wrapf(types.ErrInvalidParams, "%d core developers, the limit is %d", len(developers), params.MaxCoreDevelopers)
	}
	addrs := make([]sdk.AccAddress, len(developers))
	seen := make(map[string]bool, len(developers))
	for i, d := range developers {
		a, err := k.address("developer", d)
		if err != nil {
			return err
		}
		if seen[string(a)] {
			return errorsmod.Wrapf(types.ErrInvalidAddress, "developer %s listed twice", d)
		}
		seen[string(a)] = true
		addrs[i] = a
	}
	// The old set is bounded by max_core_developers.
	var old []sdk.AccAddress
	if err := k.CoreDevelopers.Walk(ctx, nil, func(a sdk.AccAddress) (bool, error) {
		old = append(old, a)
		return false, nil
	}); err != nil {
		return err
	}
	for _, a := range old {
		if err := k.CoreDevelopers.Remove(ctx, a); err != nil {
			return err
		}
	}
	out := make([]string, len(addrs))
	for i, a := range addrs {
		if err := k.CoreDevelopers.Set(ctx, a); err != nil {
			return err
		}
		if out[i], err = k.addressString(a); err != nil {
			return err
		}
	}
	return emit(ctx, &types.EventCoreDevelopersSet{Developers: out})
}

// RevokeDan revokes a DAN developer. Revocation is final: further
// contributions keep adding to the cumulative value but do not grant DAN
// status again.
func (k Keeper) RevokeDan(ctx context.Context, addr sdk.AccAddress) error {
	ok, err := k.DanDevelopers.Has(ctx, addr)
	if err != nil {
		return err
	}
	addrStr, err := k.addressString(addr)
	if err != nil {
		return err
	}
	if !ok {
		return errorsmod.Wrapf(types.ErrNotDan, "%s", addrStr)
	}
	if err := k.DanDevelopers.Remove(ctx, addr); err != nil {
		return err
	}
	if err := k.DanRevoked.Set(ctx, addr); err != nil {
		return err
	}
	return emit(ctx, &types.EventDanRevoked{Address: addrStr})
}

// addContribution adds value to an address's cumulative contribution and
// grants DAN status once it exceeds the threshold, unless revoked.
func (k Keeper) addContribution(ctx context.Context, addr sdk.AccAddress, value, threshold uint64) error {
	cum, err := k.Cumulative.Get(ctx, addr)
	if err != nil && !isNotFound(err) {
		return err
	}
	if cum+value < cum {
		cum = ^uint64(0) // saturate
	} else {
		cum += value
	}
	if err := k.Cumulative.Set(ctx, addr, cum); err != nil {
		return err
	}
	if cum <= threshold {
		return nil
	}
	for _, set := range []interface {
		Has(context.Context, sdk.AccAddress) (bool, error)
	}{k.DanDevelopers, k.DanRevoked} {
		has, err := set.Has(ctx, addr)
		if err != nil || has {
			return err
		}
	}
	if err := k.DanDevelopers.Set(ctx, addr); err != nil {
		return err
	}
	addrStr, err := k.addressString(addr)
	if err != nil {
		return err
	}
	return emit(ctx, &types.EventDanGranted{Address: addrStr, CumulativeContribution: cum})
}

// Developer returns an address's roles.
func (k Keeper) Developer(ctx context.Context, addr sdk.AccAddress) (types.Developer, error) {
	var d types.Developer
	var err error
	if d.Address, err = k.addressString(addr); err != nil {
		return d, err
	}
	if d.Core, err = k.CoreDevelopers.Has(ctx, addr); err != nil {
		return d, err
	}
	if d.Dan, err = k.DanDevelopers.Has(ctx, addr); err != nil {
		return d, err
	}
	if d.DanRevoked, err = k.DanRevoked.Has(ctx, addr); err != nil {
		return d, err
	}
	cum, err := k.Cumulative.Get(ctx, addr)
	if err != nil && !isNotFound(err) {
		return d, err
	}
	d.CumulativeContribution = cum
	return d, nil
}
