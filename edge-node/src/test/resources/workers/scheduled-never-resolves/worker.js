// scheduled() never resolves: the wall-clock limit ends the run.
export default {
  async scheduled() { await new Promise(() => { }); }
};
