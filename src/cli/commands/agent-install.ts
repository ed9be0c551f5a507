import { agentInstall } from './agent.js';

export default agentInstall;
