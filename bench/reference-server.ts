/**
 * The reference every front-door figure is divided by: a minimal Express 5 handler on the same Node.
 * It parses JSON, checks the x-ms-conversation-id header, stores the message in a Map and answers
 * 201. No logging, no validation library, no worker: the floor cost of "accept a message" here.
 * Runs as a child process of bench/run.ts (it reports its port over IPC).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import express from 'express';
import { failToParent, serveHttpToParent } from './lib/protocol.ts';

interface Stored {
  conversationId: string;
  message: unknown;
  receivedAt: string;
}

async function main(): Promise<void> {
  const messages = new Map<string, Stored>();
  const app = express();
  app.post('/messages', express.json(), (req, res) => {
    const conversationId = req.get('x-ms-conversation-id');
    if (!conversationId) {
      res.status(400).json({ detail: 'Missing required header: x-ms-conversation-id' });
      return;
    }
    const id = randomUUID();
    const receivedAt = new Date().toISOString();
    messages.set(id, { conversationId, message: (req.body as { message?: unknown }).message, receivedAt });
    res.status(201).json({ message_id: id, status: 'received', received_at: receivedAt });
  });
  await serveHttpToParent(createServer(app), () => messages.size);
}

main().catch(failToParent);
