"""What our trainable NLU components share: a fitted model pickled in Rasa's model storage.

A subclass names its file (`MODEL_FILE`) and takes `(config, model_storage, resource, model)`;
`create` gives it no model (before training), `load` the one `save` wrote. Pickle is what
Rasa's own scikit-learn components use; the model file comes only from our own training.
"""

from __future__ import annotations

import pickle
from typing import Any, ClassVar, Dict, Optional, Text, Type, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

C = TypeVar("C", bound="PickledModelComponent")


class PickledModelComponent(GraphComponent):
    MODEL_FILE: ClassVar[str]

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, model: Optional[Any] = None) -> None:
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls: Type[C], config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> C:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls: Type[C],
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> C:
        with model_storage.read_from(resource) as directory:
            model = pickle.loads((directory / cls.MODEL_FILE).read_bytes())
        return cls(config, model_storage, resource, model)

    def save(self, model: Any) -> Resource:
        """Write the fitted model where `load` finds it; the training's result."""
        with self._model_storage.write_to(self._resource) as directory:
            (directory / self.MODEL_FILE).write_bytes(pickle.dumps(model))
        return self._resource
