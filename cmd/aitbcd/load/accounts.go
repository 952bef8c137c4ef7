package load

import (
	"crypto/sha256"
	"fmt"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Account is a load account: a key derived from the seed, with the account
// number and next sequence read once per phase (never per transaction).
type Account struct {
	Index   int
	Priv    *secp256k1.PrivKey
	Address sdk.AccAddress
	Number  uint64
	Seq     uint64
}

// DeriveAccounts returns n accounts derived from seed: account i's key is
// secp256k1 from sha256("aitbc-load/<seed>/<i>"). The same seed gives the
// same accounts on every run, so a chain funds (and, for votes, locks) them
// once; another seed gives a disjoint set. They are test keys: anyone who
// knows the seed can spend from them.
func DeriveAccounts(seed string, n int) []*Account {
	out := make([]*Account, n)
	for i := range out {
		secret := sha256.Sum256(fmt.Appendf(nil, "aitbc-load/%s/%d", seed, i))
		priv := secp256k1.GenPrivKeyFromSecret(secret[:])
		out[i] = &Account{Index: i, Priv: priv, Address: sdk.AccAddress(priv.PubKey().Address())}
	}
	return out
}
