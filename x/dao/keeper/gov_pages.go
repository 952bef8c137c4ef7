package keeper

import (
	"context"
	"encoding/binary"

	"cosmossdk.io/collections"
	"github.com/cosmos/cosmos-sdk/types/query"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/x/dao/types"
)

// A gov status stands for up to four x/dao statuses, so the gov Proposals
// queries page through the union of their status index prefixes, merged
// in id order, rather than scanning every proposal for a filter.

// idCursor walks proposal ids in order.
type idCursor interface {
	Valid() bool
	ID() (uint64, error)
	Next()
	Close() error
}

type mapCursor struct {
	collections.Iterator[uint64, types.Proposal]
}

func (c mapCursor) ID() (uint64, error) { return c.Key() }

type indexCursor struct {
	collections.KeySetIterator[collections.Pair[int32, uint64]]
}

func (c indexCursor) ID() (uint64, error) {
	k, err := c.Key()
	return k.K2(), err
}

// proposalPager pages proposals for the gov queries.
type proposalPager struct {
	k Keeper
	// byStatus is the status index read as (status, id) keys.
	byStatus collections.KeySet[collections.Pair[int32, uint64]]
}

func newProposalPager(k Keeper) proposalPager {
	return proposalPager{k: k, byStatus: colls.IndexKeys(k.storeService, types.ProposalsByStatusKey, "gov_proposals_by_status_view", collections.Int32Key)}
}

// cursors opens one cursor per status (every proposal when statuses is
// empty), from start on (inclusive) in the page's direction.
func (pp proposalPager) cursors(ctx context.Context, statuses []types.ProposalStatus, start *uint64, reverse bool) ([]idCursor, error) {
	if len(statuses) == 0 {
		rng := new(collections.Range[uint64])
		if start != nil {
			if reverse {
				rng.EndInclusive(*start)
			} else {
				rng.StartInclusive(*start)
			}
		}
		if reverse {
			rng.Descending()
		}
		it, err := pp.k.Proposals.Iterate(ctx, rng)
		if err != nil {
			return nil, err
		}
		return []idCursor{mapCursor{it}}, nil
	}
	out := make([]idCursor, 0, len(statuses))
	for _, s := range statuses {
		rng := collections.NewPrefixedPairRange[int32, uint64](int32(s))
		if start != nil {
			if reverse {
				rng.EndInclusive(*start)
			} else {
				rng.StartInclusive(*start)
			}
		}
		if reverse {
			rng.Descending()
		}
		it, err := pp.byStatus.Iterate(ctx, rng)
		if err != nil {
			closeAll(out)
			return nil, err
		}
		out = append(out, indexCursor{it})
	}
	return out, nil
}

func closeAll(cs []idCursor) {
	for _, c := range cs {
		_ = c.Close()
	}
}

// nextID takes the lowest (highest when reverse) id among the cursors and
// advances the cursor it came from; ok is false when all are exhausted.
// An id is in one status at a time, so the cursors never repeat one.
func nextID(cs []idCursor, reverse bool) (id uint64, ok bool, err error) {
	best := -1
	for i, c := range cs {
		if !c.Valid() {
			continue
		}
		v, err := c.ID()
		if err != nil {
			return 0, false, err
		}
		if best < 0 || (!reverse && v < id) || (reverse && v > id) {
			best, id = i, v
		}
	}
	if best < 0 {
		return 0, false, nil
	}
	cs[best].Next()
	return id, true, nil
}

// page returns the proposals in the given statuses (all when empty) that
// match (all when match is nil), paged as query.CollectionFilteredPaginate
// pages the Proposals map: the same next_key (the id's 8-byte key), a
// default limit of 100 with count_total when no limit is set; but the
// offset counts matching proposals, and next_key is the next match.
func (pp proposalPager) page(
	ctx context.Context, statuses []types.ProposalStatus, match func(types.Proposal) (bool, error), req *query.PageRequest,
) ([]types.Proposal, *query.PageResponse, error) {
	if req == nil {
		req = &query.PageRequest{}
	}
	limit, countTotal := req.Limit, req.CountTotal
	if limit == 0 {
		limit, countTotal = query.DefaultLimit, true
	}
	var start *uint64
	if len(req.Key) > 0 {
		if len(req.Key) != 8 {
			return nil, nil, status.Errorf(codes.InvalidArgument, "pagination key: %d bytes, want the 8-byte key of a proposal id", len(req.Key))
		}
		id := binary.BigEndian.Uint64(req.Key)
		start, countTotal = &id, false
	}
	cs, err := pp.cursors(ctx, statuses, start, req.Reverse)
	if err != nil {
		return nil, nil, err
	}
	defer closeAll(cs)

	var (
		out     []types.Proposal
		matched uint64
		res     = &query.PageResponse{}
	)
	for {
		id, ok, err := nextID(cs, req.Reverse)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		// Without a filter, only the proposals on the page are read: the
		// rest is counted from the index keys.
		onPage := matched >= req.Offset && uint64(len(out)) < limit
		var p types.Proposal
		if match != nil || onPage {
			if p, err = pp.k.GetProposal(ctx, id); err != nil {
				return nil, nil, err
			}
		}
		if match != nil {
			if ok, err := match(p); err != nil {
				return nil, nil, err
			} else if !ok {
				continue
			}
		}
		matched++
		switch {
		case matched <= req.Offset:
		case uint64(len(out)) < limit:
			out = append(out, p)
		default:
			if res.NextKey == nil {
				res.NextKey = binary.BigEndian.AppendUint64(nil, id)
			}
			if !countTotal {
				return out, res, nil
			}
		}
	}
	if countTotal {
		res.Total = matched
	}
	return out, res, nil
}
