package types

import (
	"slices"
	"strings"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/aitbc/aitbc/internal/ident"
)

// Absolute bounds: params may not set wider ones, so ValidateBasic, which
// has no params, checks against these and the keeper against the params.
const (
	// MaxTextLength bounds the free-text fields (endpoint, metadata URI
	// and hash) in bytes.
	MaxTextLength = 4096
	// MaxCapabilitiesBound bounds the number of capabilities of an agent.
	MaxCapabilitiesBound = 256
)

// Limits are the length bounds of an agent's description.
type Limits struct {
	Name, Endpoint, URI, Capabilities, Capability uint32
}

// Limits returns the bounds the params set.
func (p Params) Limits() Limits {
	return Limits{Name: p.MaxNameLength, Endpoint: p.MaxEndpointLength, URI: p.MaxUriLength,
		Capabilities: p.MaxCapabilities, Capability: p.MaxCapabilityLength}
}

// StatelessLimits are the widest bounds params may set; ValidateBasic uses
// them.
var StatelessLimits = Limits{Name: ident.MaxLength, Endpoint: MaxTextLength, URI: MaxTextLength,
	Capabilities: MaxCapabilitiesBound, Capability: ident.MaxLength}

// Description is the part of an agent its owner writes.
type Description struct {
	Name, Endpoint, MetadataURI, MetadataHash string
	Capabilities                              []string
}

// Validate checks a description: counts, lengths and repeats give
// ErrInvalidAgent; the name and every capability must be identifiers
// (capabilities are index keys), the endpoint and metadata valid text.
func (d Description) Validate(l Limits) error {
	if d.Name == "" || len(d.Name) > int(l.Name) {
		return errorsmod.Wrapf(ErrInvalidAgent, "name must have 1 to %d bytes, got %d", l.Name, len(d.Name))
	}
	if err := ident.Check("name", d.Name, l.Name); err != nil {
		return errorsmod.Wrap(ErrInvalidIdentifier, err.Error())
	}
	if len(d.Endpoint) > int(l.Endpoint) {
		return errorsmod.Wrapf(ErrInvalidAgent, "endpoint has %d bytes, the limit is %d", len(d.Endpoint), l.Endpoint)
	}
	if len(d.MetadataURI) > int(l.URI) || len(d.MetadataHash) > int(l.URI) {
		return errorsmod.Wrapf(ErrInvalidAgent, "metadata URI and hash have at most %d bytes", l.URI)
	}
	for _, t := range []struct{ field, s string }{
		{"endpoint", d.Endpoint}, {"metadata_uri", d.MetadataURI}, {"metadata_hash", d.MetadataHash},
	} {
		if err := ident.CheckText(t.field, t.s, MaxTextLength); err != nil {
			return errorsmod.Wrap(ErrInvalidText, err.Error())
		}
	}
	if len(d.Capabilities) > int(l.Capabilities) {
		return errorsmod.Wrapf(ErrInvalidAgent, "%d capabilities, the limit is %d", len(d.Capabilities), l.Capabilities)
	}
	for i, c := range d.Capabilities {
		if c == "" || len(c) > int(l.Capability) || slices.Contains(d.Capabilities[:i], c) {
			return errorsmod.Wrapf(ErrInvalidAgent, "capability %d: empty, over %d bytes or repeated", i, l.Capability)
		}
		if err := ident.Check("capability", c, l.Capability); err != nil {
			return errorsmod.Wrapf(ErrInvalidIdentifier, "capability %d: %s", i, err)
		}
	}
	return nil
}

// ValidateAgentType checks that t is one of the four agent types.
func ValidateAgentType(t AgentType) error {
	if t == AGENT_TYPE_UNSPECIFIED || AgentType_name[int32(t)] == "" {
		return errorsmod.Wrapf(ErrInvalidAgent, "type must be provider, consumer, builder or coordinator, got %s", t)
	}
	return nil
}

// ValidateBasic checks a policy without state: at most maxEntries message
// types and recipients (0: no bound), a valid spend limit, a positive
// period, and message types that are type URLs and identifiers. The
// keeper checks the recipients' addresses with its address codec.
func (p Policy) ValidateBasic(maxEntries uint32) error {
	if maxEntries > 0 && len(p.AllowedMsgTypes)+len(p.AllowedRecipients) > int(maxEntries) {
		return errorsmod.Wrapf(ErrInvalidPolicy, "at most %d message types and recipients", maxEntries)
	}
	if !p.SpendLimit.IsValid() {
		return errorsmod.Wrapf(ErrInvalidPolicy, "spend_limit %s", p.SpendLimit)
	}
	if p.Period <= 0 {
		return errorsmod.Wrapf(ErrInvalidPolicy, "period must be positive, got %s", p.Period)
	}
	for i, t := range p.AllowedMsgTypes {
		if !strings.HasPrefix(t, "/") {
			return errorsmod.Wrapf(ErrInvalidPolicy, "message type %d must be a type URL like /cosmos.bank.v1beta1.MsgSend", i)
		}
		if err := ident.Check("allowed_msg_types", t, ident.MaxLength); err != nil {
			return errorsmod.Wrapf(ErrInvalidIdentifier, "message type %d: %s", i, err)
		}
	}
	return nil
}

// WalletCredential is the module credential an agent's wallet is derived
// from: x/agent, the wallet prefix and the agent id. No private key exists
// for it.
func WalletCredential(id uint64) (*authtypes.ModuleCredential, error) {
	return authtypes.NewModuleCredential(ModuleName, WalletDerivationKey, sdk.Uint64ToBigEndian(id))
}

// WalletAddressLength is the length of every wallet address: a derived
// module address (address.Derive, a sha256). A key's account address (20
// bytes) is never a wallet.
const WalletAddressLength = 32
