module.exports = {
  displayName: 'sfs-parser',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/sfs-parser',
};
