"""A whitespace tokenizer whose tokens also carry a folded form: lower case, no accents.

People type "nesecito albergue", "toi can giup do", "pasaport" as often as "necesito",
"tôi cần giúp đỡ", "pașaport". Rasa's CountVectorsFeaturizer reads a token's lemma, so
giving each token its folded form as lemma makes typed-with and typed-without accents the
same features (Arabic hamza forms and harakat fold the same way). The text itself, its
offsets and the entities are unchanged.
"""

from __future__ import annotations

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.language.supported import fold


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class FoldingWhitespaceTokenizer(WhitespaceTokenizer):
    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            token.lemma = fold(token.text) or token.text
        return tokens
