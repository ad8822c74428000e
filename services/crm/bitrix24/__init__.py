"""Our own thin async Bitrix24 client (contract: ../shared/bitrix24-contract.md)."""

from services.crm.bitrix24.batch import MAX_COMMANDS, Batch, BatchFull, BatchResult, Ref
from services.crm.bitrix24.client import Bitrix24Client
from services.crm.bitrix24.config import Bitrix24Settings
from services.crm.bitrix24.dedupe import add_item_once, add_once, create_once
from services.crm.bitrix24.errors import (
    AccessDenied,
    AuthError,
    BatchError,
    Bitrix24Error,
    Bitrix24NetworkError,
    InvalidRequest,
    MethodNotFound,
    NotExecuted,
    NotFound,
    OperationTimeLimit,
    OverloadLimit,
    PortalUnavailable,
    QueryLimitExceeded,
    ServerError,
)
from services.crm.bitrix24.limiter import PortalBucket
from services.crm.bitrix24.response import Response
from services.crm.bitrix24.retry import RetryPolicy

__all__ = [
    "MAX_COMMANDS",
    "AccessDenied",
    "AuthError",
    "Batch",
    "BatchError",
    "BatchFull",
    "BatchResult",
    "Bitrix24Client",
    "Bitrix24Error",
    "Bitrix24NetworkError",
    "Bitrix24Settings",
    "InvalidRequest",
    "MethodNotFound",
    "NotExecuted",
    "NotFound",
    "OperationTimeLimit",
    "OverloadLimit",
    "PortalBucket",
    "PortalUnavailable",
    "QueryLimitExceeded",
    "Ref",
    "Response",
    "RetryPolicy",
    "ServerError",
    "add_item_once",
    "add_once",
    "create_once",
]
