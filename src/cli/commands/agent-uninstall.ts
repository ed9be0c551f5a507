import { agentUninstall } from './agent.js';

export default agentUninstall;
