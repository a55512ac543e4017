"""The original Semker's design, as the bench's second reference.

The service this project replaces was FastAPI + uvicorn: POST /messages validated the body with
Pydantic, kept the message in a dict, answered 201 with {message_id, status, received_at} and
handed the work to a BackgroundTasks task, which recorded a `received` update, ran the agent and
recorded `completed`; GET /messages/{id}/status and /updates read the dicts. Here the agent is an
instant mock, so what is measured is the cheapest that design can accept a message: the bench
divides our own figures by it. Written for the bench, not copied; the original's CORS middleware
is kept, its OpenTelemetry instrumentation is not (tracing is off in the rows compared with it).

Started the way the original's users started it, by uvicorn's own launcher, on one worker process
with the plain `uvicorn` package's defaults (h11 and asyncio: no httptools, no uvloop) and its
default logging (an access line per request on stdout, which the bench discards):

    python3 -m uvicorn app:app --host 127.0.0.1 --port 8000    the command line (the reference)
    python3 app.py 8000                                         uvicorn.run(app, ...) from a main

bench/lib/fastapi-reference.ts runs both and shows they agree. With BENCH_EXIT_ON_STDIN_CLOSE=1 the
process exits when its stdin closes, so an orchestrator that dies does not leave it serving.
"""

import os
import signal
import sys
import threading
import uuid
from datetime import datetime
from typing import Any, Dict, List, Optional

import uvicorn
from fastapi import BackgroundTasks, FastAPI, HTTPException, Request, status
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel


class Message(BaseModel):
    message: str


class MessageResponse(BaseModel):
    message_id: str
    status: str
    received_at: datetime


class UpdateResponse(BaseModel):
    message_id: str
    status: str
    processed_at: datetime
    result: str
    agent_name: Optional[str] = None


messages: Dict[str, Dict[str, Any]] = {}
updates: Dict[str, List[UpdateResponse]] = {}

app = FastAPI(title="Semker reference (FastAPI, original design)")
# The original's defaults: bench requests carry no Origin, so this is the pass-through cost only.
app.add_middleware(
    CORSMiddleware,
    allow_origins=["http://localhost:3000", "http://127.0.0.1:3000"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)


def record(message_id: str, state: str, result: str, agent_name: Optional[str]) -> None:
    messages[message_id]["status"] = state
    updates.setdefault(message_id, []).append(
        UpdateResponse(
            message_id=message_id,
            status=state,
            processed_at=datetime.now(),
            result=result,
            agent_name=agent_name,
        )
    )


async def process(message_id: str, conversation_id: str, text: str) -> None:
    """The background task with the agent replaced by an instant answer."""
    record(message_id, "received", "Message received and sent to the agent.", None)
    record(message_id, "completed", f"Mock answer to: {text[:40]}", "MockAgent")


@app.post("/messages", response_model=MessageResponse, status_code=status.HTTP_201_CREATED)
async def receive_message(
    message: Message, background_tasks: BackgroundTasks, request: Request
) -> MessageResponse:
    conversation_id = request.headers.get("x-ms-conversation-id")
    if not conversation_id:
        raise HTTPException(
            status_code=status.HTTP_400_BAD_REQUEST,
            detail="Missing required header: x-ms-conversation-id",
        )
    message_id = str(uuid.uuid4())
    received_at = datetime.now()
    messages[message_id] = {"content": message.message, "timestamp": received_at, "status": "received"}
    background_tasks.add_task(process, message_id, conversation_id, message.message)
    return MessageResponse(message_id=message_id, status="received", received_at=received_at)


def stored(message_id: str) -> Dict[str, Any]:
    found = messages.get(message_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"Message with ID {message_id} not found")
    return found


@app.get("/messages/{message_id}/status")
async def get_status(message_id: str) -> Dict[str, Any]:
    found = stored(message_id)
    return {
        "message_id": message_id,
        "status": found["status"],
        "content": found["content"],
        "timestamp": found["timestamp"],
    }


@app.get("/messages/{message_id}/updates", response_model=List[UpdateResponse])
async def get_updates(message_id: str) -> List[UpdateResponse]:
    stored(message_id)
    return updates.get(message_id, [])


def exit_when_stdin_closes() -> None:
    sys.stdin.read()
    os.kill(os.getpid(), signal.SIGTERM)


# At import, so that it holds under the command line too (uvicorn imports this module); uvicorn's
# own SIGTERM handler then shuts the server down gracefully.
if os.environ.get("BENCH_EXIT_ON_STDIN_CLOSE") == "1":
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]) if len(sys.argv) > 1 else 8000)
