package app

import "encoding/json"

// GenesisState is the app state in genesis: module name to its JSON state.
type GenesisState map[string]json.RawMessage
