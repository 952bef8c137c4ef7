package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module; its module account is the chain's
	// governance authority and treasury.
	ModuleName = "dao"
	// StoreKey is the store key of the module.
	StoreKey = ModuleName
	// VoteEscrowName is the module account that holds locked and unlocking
	// tokens, kept apart from the treasury so each balance can be checked.
	VoteEscrowName = "dao_vote_escrow"
)

// Store prefixes of the module's collections.
var (
	ParamsKey = collections.NewPrefix(0)
)
