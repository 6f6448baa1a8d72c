package people

import (
	"strings"

	"github.com/netsyncd/netsyncd/internal/textfold"
)

// NormName is the key form of a name: honorifics dropped, lower case,
// accents stripped, single spaces. "Dr. Anne-Sophie de la Tour" and
// "anne-sophie DE LA TOUR" are both "anne-sophie de la tour".
func NormName(name string) string {
	words := strings.Fields(name)
	for len(words) > 1 && isHonorific(words[0]) {
		words = words[1:]
	}
	return textfold.Fold(strings.Join(words, " "))
}
