package keeper

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"math/big"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// drawCommittee draws up to size bonded validators, other than the lease's
// provider and the consumer's own validator, without replacement, each with
// probability proportional to its consensus power. The randomness is
// sha256(hash of the block carrying the result || last app hash || lease id
// || draw number): the same on every node, and unknown to the provider when
// it sends the result, since it cannot know the block its transaction lands
// in. (A provider that proposes that very block could still grind its
// contents; a later-block draw would close that, at the cost of a block.)
// The bonded set is bounded by the staking param max_validators.
func (k Keeper) drawCommittee(ctx context.Context, lease types.Lease, size uint32) ([]types.CommitteeMember, error) {
	vals, err := k.stakingKeeper.GetBondedValidatorsByPower(ctx)
	if err != nil {
		return nil, err
	}
	reduction := k.stakingKeeper.PowerReduction(ctx)
	// A consumer that is a validator must not judge its own job: it could
	// get a free refund and a slash by voting "invalid".
	consumer, err := k.account(lease.Consumer)
	if err != nil {
		return nil, err
	}
	consumerVal, err := k.operatorOf(consumer)
	if err != nil {
		return nil, err
	}
	var pool []types.CommitteeMember
	for _, v := range vals {
		if v.OperatorAddress == lease.Provider || v.IsJailed() || v.OperatorAddress == consumerVal {
			continue
		}
		if power := v.GetConsensusPower(reduction); power > 0 {
			pool = append(pool, types.CommitteeMember{Validator: v.OperatorAddress, Power: power})
		}
	}
	header := sdk.UnwrapSDKContext(ctx).HeaderInfo()
	seed := committeeSeed(header.Hash, header.AppHash, lease.Id)
	var committee []types.CommitteeMember
	for draw := uint32(0); draw < size && len(pool) > 0; draw++ {
		var total int64
		for _, m := range pool {
			total += m.Power
		}
		pick := drawIndex(pool, pickPoint(seed, draw, total))
		committee = append(committee, pool[pick])
		pool = append(pool[:pick], pool[pick+1:]...)
	}
	return committee, nil
}

func committeeSeed(blockHash, appHash []byte, leaseID uint64) []byte {
	h := sha256.New()
	h.Write(blockHash)
	h.Write(appHash)
	_ = binary.Write(h, binary.BigEndian, leaseID)
	return h.Sum(nil)
}

// pickPoint is a number in [0, total) from the seed and the draw number.
func pickPoint(seed []byte, draw uint32, total int64) int64 {
	h := sha256.New()
	h.Write(seed)
	_ = binary.Write(h, binary.BigEndian, draw)
	n := new(big.Int).SetBytes(h.Sum(nil))
	return n.Mod(n, big.NewInt(total)).Int64()
}

// drawIndex returns the member whose power interval holds point.
func drawIndex(pool []types.CommitteeMember, point int64) int {
	var upTo int64
	for i, m := range pool {
		upTo += m.Power
		if point < upTo {
			return i
		}
	}
	return len(pool) - 1
}
